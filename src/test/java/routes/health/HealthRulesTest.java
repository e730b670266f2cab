package routes.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.kernel.BackendException;
import routes.kernel.BackendRpcException;
import routes.kernel.BackendSpec;
import routes.kernel.FailureCategory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static routes.health.HealthStatus.DEGRADED;
import static routes.health.HealthStatus.HEALTHY;
import static routes.health.HealthStatus.UNAUTHENTICATED;
import static routes.health.HealthStatus.UNHEALTHY;
import static routes.health.HealthStatus.UNKNOWN;
import static routes.health.ProbeVerdict.Kind.FAILURE;
import static routes.health.ProbeVerdict.Kind.SUCCESS;
import static routes.health.ProbeVerdict.Kind.THROTTLED;

/** ToolHive's health rules, one row per case: what a probe found → what the model makes of it. */
class HealthRulesTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final Duration DEGRADED_AFTER = Duration.ofSeconds(5);
    private static final BackendSpec SPEC = new BackendSpec("github", URI.create("https://gh.example.com/mcp?token=t0ps3cret"),
            BackendSpec.Transport.STREAMABLE_HTTP, null, Duration.ofSeconds(30),
            routes.kernel.HeaderForward.plaintext(Map.of("X-Api-Key", "hf-value-42")), null, null);

    private static BackendException http(int status, String retryAfter) {
        return new BackendException("github", "answered initialize with HTTP " + status, status, retryAfter, null);
    }

    static Stream<Arguments> probes() {
        return Stream.of(
                // name, failure, latency ms, has outgoing auth, kind, status, retry-after, reason contains
                Arguments.of("fast success", null, 40, false, SUCCESS, HEALTHY, null, "answered in 40 ms"),
                Arguments.of("success at the threshold", null, 5000, false, SUCCESS, HEALTHY, null, "answered in 5000 ms"),
                Arguments.of("slow success", null, 5001, false, SUCCESS, DEGRADED, null, "slower than degradedThreshold (5s)"),
                Arguments.of("401 without auth", http(401, null), 10, false, FAILURE, UNAUTHENTICATED, null, "no outgoing auth"),
                Arguments.of("403 without auth", http(403, null), 10, false, FAILURE, UNAUTHENTICATED, null, "HTTP 403"),
                Arguments.of("401 with auth: reachable", http(401, null), 10, true, SUCCESS, HEALTHY, null, "reachable"),
                Arguments.of("403 with auth: reachable", http(403, null), 10, true, SUCCESS, HEALTHY, null, "reachable"),
                Arguments.of("429 with Retry-After", http(429, "30"), 10, false, THROTTLED, DEGRADED, Duration.ofSeconds(30), "next probe in 30s"),
                Arguments.of("429 without Retry-After", http(429, null), 10, false, THROTTLED, DEGRADED, null, "rate limited"),
                Arguments.of("503 with Retry-After", http(503, "120"), 10, false, THROTTLED, DEGRADED, Duration.ofMinutes(2), "503 with Retry-After"),
                Arguments.of("503 with an HTTP date", http(503, "Fri, 01 May 2026 12:00:45 GMT"), 10, false, THROTTLED, DEGRADED,
                        Duration.ofSeconds(45), "next probe in 45s"),
                Arguments.of("503 without Retry-After", http(503, null), 10, false, FAILURE, UNHEALTHY, null, "HTTP 503"),
                Arguments.of("503 with junk Retry-After", http(503, "soon"), 10, false, FAILURE, UNHEALTHY, null, "HTTP 503"),
                Arguments.of("500", http(500, "5"), 10, false, FAILURE, UNHEALTHY, null, "HTTP 500"),
                Arguments.of("no answer", new BackendException("github", "did not answer within 10000 ms"), 10000, false,
                        FAILURE, UNHEALTHY, null, "did not answer within 10000 ms"),
                Arguments.of("JSON-RPC error", new BackendRpcException("github", -32603, "boom", null), 10, false,
                        FAILURE, UNHEALTHY, null, "JSON-RPC error -32603: boom"),
                Arguments.of("anything else", new IllegalStateException("odd"), 10, false, FAILURE, UNHEALTHY, null,
                        "probe failed: IllegalStateException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void classifiesOneProbe(String name, Throwable failure, long latencyMs, boolean auth, ProbeVerdict.Kind kind,
                            HealthStatus status, Duration retryAfter, String reasonPart) {
        ProbeVerdict v = ProbeClassifier.classify(SPEC, failure, Duration.ofMillis(latencyMs), DEGRADED_AFTER, auth, NOW);
        assertEquals(kind, v.kind(), name);
        assertEquals(status, v.status(), name);
        assertEquals(retryAfter, v.retryAfter(), name);
        assertTrue(v.reason().contains(reasonPart), name + ": " + v.reason());
    }

    @Test
    void theReasonAnyoneSeesNamesNoHostTheDetailDoes() {
        BackendException e = new BackendException("github", FailureCategory.DNS, FailureCategory.DNS.clientText(),
                "host gh.example.com is unknown", null);
        ProbeVerdict v = ProbeClassifier.classify(SPEC, e, Duration.ofMillis(3), DEGRADED_AFTER, false, NOW);
        assertEquals("backend 'github' is unreachable (its host name does not resolve)", v.reason());
        assertEquals(FailureCategory.DNS, v.category());
        assertTrue(v.detail().contains("gh.example.com"), v.detail());
        ProbeVerdict odd = ProbeClassifier.classify(SPEC, new IllegalStateException("at 10.0.0.7"), Duration.ofMillis(3),
                DEGRADED_AFTER, false, NOW);
        assertFalse(odd.reason().contains("10.0.0.7"), odd.reason());
        assertTrue(odd.detail().contains("10.0.0.7"), odd.detail());
    }

    @Test
    void reasonsCarryNoUrlQueryAndNoHeaderValue() {
        BackendException e = new BackendException("github", "is unreachable at " + SPEC.url()
                + " (connection refused); it said hf-value-42", null);
        String reason = ProbeClassifier.classify(SPEC, e, Duration.ofMillis(3), DEGRADED_AFTER, false, NOW).reason();
        assertFalse(reason.contains("t0ps3cret"), reason);
        assertFalse(reason.contains("hf-value-42"), reason);
        assertTrue(reason.contains("https://gh.example.com/mcp"), reason);
        String other = Redaction.reason("redirected to http://elsewhere.example/x?sig=abc#frag", SPEC);
        assertEquals("redirected to http://elsewhere.example/x", other);
    }

    @Test
    void retryAfterIsReadAsSecondsOrDateAndBounded() {
        assertEquals(Duration.ZERO, ProbeClassifier.retryAfter("Fri, 01 May 2026 11:59:00 GMT", NOW));
        assertEquals(ProbeClassifier.MAX_RETRY_AFTER, ProbeClassifier.retryAfter("999999999999999999999", NOW));
        assertEquals(ProbeClassifier.MAX_RETRY_AFTER, ProbeClassifier.retryAfter("172800", NOW));
        assertNull(ProbeClassifier.retryAfter("", NOW));
        assertNull(ProbeClassifier.retryAfter("-5", NOW));
    }

    private static ProbeVerdict ok() {
        return new ProbeVerdict(SUCCESS, HEALTHY, "answered in 3 ms", null);
    }

    private static ProbeVerdict slow() {
        return new ProbeVerdict(SUCCESS, DEGRADED, "slow", null);
    }

    private static ProbeVerdict down() {
        return new ProbeVerdict(FAILURE, UNHEALTHY, "connection refused", null);
    }

    private static ProbeVerdict locked() {
        return new ProbeVerdict(FAILURE, UNAUTHENTICATED, "HTTP 401", null);
    }

    private static ProbeVerdict busy() {
        return new ProbeVerdict(THROTTLED, DEGRADED, "HTTP 429", Duration.ofSeconds(9));
    }

    static Stream<Arguments> histories() {
        // name, verdicts in order (threshold 3), the status after each
        return Stream.of(
                Arguments.of("first probe succeeds", List.of(ok()), List.of(HEALTHY)),
                Arguments.of("first probes fail: unknown until the threshold", List.of(down(), down(), down()),
                        List.of(UNKNOWN, UNKNOWN, UNHEALTHY)),
                Arguments.of("healthy stays healthy below the threshold", List.of(ok(), down(), down(), down(), down()),
                        List.of(HEALTHY, HEALTHY, HEALTHY, UNHEALTHY, UNHEALTHY)),
                Arguments.of("a success after failures: degraded for one interval", List.of(ok(), down(), down(), down(), ok(), ok()),
                        List.of(HEALTHY, HEALTHY, HEALTHY, UNHEALTHY, DEGRADED, HEALTHY)),
                Arguments.of("one failure then success is also recovering", List.of(ok(), down(), ok(), ok()),
                        List.of(HEALTHY, HEALTHY, DEGRADED, HEALTHY)),
                Arguments.of("an answer resets the count", List.of(ok(), down(), down(), ok(), down(), down()),
                        List.of(HEALTHY, HEALTHY, HEALTHY, DEGRADED, DEGRADED, DEGRADED)),
                Arguments.of("401s reach unauthenticated at the threshold", List.of(ok(), locked(), locked(), locked()),
                        List.of(HEALTHY, HEALTHY, HEALTHY, UNAUTHENTICATED)),
                Arguments.of("throttling degrades at once and is never a failure", List.of(ok(), busy(), busy(), busy(), busy(), ok()),
                        List.of(HEALTHY, DEGRADED, DEGRADED, DEGRADED, DEGRADED, HEALTHY)),
                Arguments.of("slow stays degraded", List.of(slow(), slow(), ok()), List.of(DEGRADED, DEGRADED, HEALTHY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void followsTheTrackerRules(String name, List<ProbeVerdict> verdicts, List<HealthStatus> expected) {
        BackendHealth h = BackendHealth.unprobed("github");
        for (int i = 0; i < verdicts.size(); i++) {
            h = HealthTransitions.next(h, verdicts.get(i), NOW.plusSeconds(i), Duration.ofMillis(3), 3);
            assertEquals(expected.get(i), h.status(), name + ", after probe " + (i + 1) + ": " + h.reason());
        }
    }

    @Test
    void failuresBelowTheThresholdSayHowFarAlong() {
        BackendHealth h = HealthTransitions.next(BackendHealth.unprobed("github"), ok(), NOW, Duration.ofMillis(3), 3);
        h = HealthTransitions.next(h, down(), NOW, Duration.ofMillis(3), 3);
        assertEquals(1, h.consecutiveFailures());
        assertEquals("connection refused (failure 1 of 3 before unhealthy)", h.reason());
        h = HealthTransitions.next(h, ok(), NOW, Duration.ofMillis(3), 3);
        assertEquals("recovering after 1 failed probe(s); answered in 3 ms", h.reason());
        assertEquals(0, h.consecutiveFailures());
    }

    @Test
    void circuitBreakerOpensHalfOpensAndClosesAfterOneTrial() {
        CircuitBreaker b = new CircuitBreaker();
        Duration timeout = Duration.ofSeconds(60);
        assertFalse(b.failure(NOW, 2));
        assertTrue(b.failure(NOW, 2), "opens at the threshold");
        assertEquals(CircuitBreaker.State.OPEN, b.state());
        assertFalse(b.allowProbe(NOW.plusSeconds(59), timeout), "no probe while open");
        assertTrue(b.allowProbe(NOW.plusSeconds(60), timeout), "one trial after the timeout");
        assertEquals(CircuitBreaker.State.HALF_OPEN, b.state());
        assertFalse(b.allowProbe(NOW.plusSeconds(61), timeout), "only one trial");
        assertTrue(b.failure(NOW.plusSeconds(62), 2), "a failed trial opens it again");
        assertFalse(b.allowProbe(NOW.plusSeconds(100), timeout), "the timeout starts over");
        assertTrue(b.allowProbe(NOW.plusSeconds(122), timeout));
        assertTrue(b.success(), "a good trial closes it");
        assertEquals(CircuitBreaker.State.CLOSED, b.state());
        assertFalse(b.failure(NOW, 2), "and the count starts over");
    }

    private static BackendHealth probed(String name, HealthStatus status) {
        return new BackendHealth(name, status, 0, "r", NOW, Duration.ofMillis(3), "disabled");
    }

    static Stream<Arguments> phases() {
        return Stream.of(
                Arguments.of("discovery has not run", false, List.of(probed("a", HEALTHY)), GatewayPhase.PENDING),
                Arguments.of("no backends", true, List.of(), GatewayPhase.PENDING),
                Arguments.of("nothing probed yet", true, List.of(BackendHealth.unprobed("a")), GatewayPhase.PENDING),
                Arguments.of("all healthy", true, List.of(probed("a", HEALTHY), probed("b", HEALTHY)), GatewayPhase.READY),
                Arguments.of("one degraded", true, List.of(probed("a", HEALTHY), probed("b", DEGRADED)), GatewayPhase.DEGRADED),
                Arguments.of("one unhealthy", true, List.of(probed("a", HEALTHY), probed("b", UNHEALTHY)), GatewayPhase.DEGRADED),
                Arguments.of("one not probed yet", true, List.of(probed("a", HEALTHY), BackendHealth.unprobed("b")), GatewayPhase.DEGRADED),
                Arguments.of("none routable", true, List.of(probed("a", UNHEALTHY), probed("b", UNAUTHENTICATED)), GatewayPhase.FAILED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("phases")
    void derivesThePhaseAndReadiness(String name, boolean discoveryRan, List<BackendHealth> backends, GatewayPhase phase) {
        HealthSnapshot s = HealthSnapshot.of(discoveryRan, backends);
        assertEquals(phase, s.phase(), name);
        assertEquals(phase == GatewayPhase.READY || phase == GatewayPhase.DEGRADED, s.phase().ready(), name);
    }

    @Test
    void onlyUnhealthyAndUnauthenticatedAreWithheld() {
        assertTrue(HEALTHY.routable());
        assertTrue(DEGRADED.routable());
        assertTrue(UNKNOWN.routable());
        assertFalse(UNHEALTHY.routable());
        assertFalse(UNAUTHENTICATED.routable());
    }
}
