package routes.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.health.VirtualServerStatus.Condition;
import routes.health.VirtualServerStatus.Report;
import routes.kernel.AuthStrategy;
import routes.kernel.BackendSpec;
import routes.kernel.FailureCategory;
import routes.kernel.HeaderForward;

/** The VirtualMCPServer status from the gateway's health: ToolHive's strings, phase and conditions. */
class VirtualServerStatusTest {

    private static final Instant PROBED = Instant.parse("2026-11-26T10:00:00Z");

    private static BackendHealth health(String name, HealthStatus status) {
        return new BackendHealth(name, status, 0, "ok", PROBED, Duration.ofMillis(5), "disabled", FailureCategory.NONE, null,
                null, null);
    }

    private static BackendHealth failing(String name, HealthStatus status, FailureCategory category, int failures, String breaker) {
        return new BackendHealth(name, status, failures, "refused", PROBED, Duration.ofMillis(5), breaker, category, null,
                "connect to 10.0.0.7:8080 refused", null);
    }

    private static BackendHealth unprobed(String name) {
        return BackendHealth.unprobed(name);
    }

    private static Map<String, BackendSpec> specs(List<BackendHealth> backends) {
        Map<String, BackendSpec> specs = new LinkedHashMap<>();
        for (BackendHealth b : backends) {
            specs.put(b.name(), new BackendSpec(b.name(), URI.create("http://" + b.name() + ".tools.svc:8080/mcp"),
                    BackendSpec.Transport.STREAMABLE_HTTP, null, Duration.ofSeconds(30)));
        }
        return specs;
    }

    private static Report report(BackendHealth... backends) {
        List<BackendHealth> list = List.of(backends);
        return VirtualServerStatus.of(HealthSnapshot.of(true, list), specs(list));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("statuses")
    void eachHealthStatusHasToolHivesCrdString(HealthStatus status, String crd) {
        assertEquals(crd, VirtualServerStatus.crdStatus(status));
        assertEquals(crd, report(health("a", status)).discoveredBackends().get(0).status());
    }

    static Stream<Arguments> statuses() {
        return Stream.of(Arguments.of(HealthStatus.HEALTHY, "ready"), Arguments.of(HealthStatus.DEGRADED, "degraded"),
                Arguments.of(HealthStatus.UNHEALTHY, "unavailable"), Arguments.of(HealthStatus.UNAUTHENTICATED, "unauthenticated"),
                Arguments.of(HealthStatus.UNKNOWN, "unknown"));
    }

    @Test
    void everyStatusIsCovered() {
        assertEquals(HealthStatus.values().length, statuses().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("phases")
    void phaseMessageCountAndReadyConditionFollowToolHive(String name, List<BackendHealth> backends, String phase, String message,
                                                          int backendCount, Condition ready) {
        Report r = report(backends.toArray(BackendHealth[]::new));
        assertEquals(phase, r.phase());
        assertEquals(message, r.message());
        assertEquals(backendCount, r.backendCount());
        assertEquals(ready, r.conditions().get(0));
    }

    static Stream<Arguments> phases() {
        return Stream.of(
                Arguments.of("all healthy", List.of(health("a", HealthStatus.HEALTHY), health("b", HealthStatus.HEALTHY)),
                        "Ready", "All 2 backends healthy", 2,
                        new Condition("Ready", "True", "AllBackendsRoutable", "All 2 backends are healthy")),
                Arguments.of("one healthy", List.of(health("a", HealthStatus.HEALTHY)),
                        "Ready", "All 1 backend healthy", 1, new Condition("Ready", "True", "AllBackendsRoutable", "All 1 backend are healthy")),
                Arguments.of("healthy and unauthenticated count as routable",
                        List.of(health("a", HealthStatus.HEALTHY), health("b", HealthStatus.UNAUTHENTICATED)),
                        "Ready", "1 backend healthy, 1 requires authentication", 2,
                        new Condition("Ready", "True", "AllBackendsRoutable", "1 backend healthy, 1 requires authentication")),
                Arguments.of("only unauthenticated", List.of(health("a", HealthStatus.UNAUTHENTICATED), health("b", HealthStatus.UNAUTHENTICATED)),
                        "Ready", "All 2 backends require authentication", 2,
                        new Condition("Ready", "True", "AllBackendsRoutable", "All 2 backends require authentication")),
                Arguments.of("one down", List.of(health("a", HealthStatus.HEALTHY), failing("b", HealthStatus.UNHEALTHY,
                                FailureCategory.CONNECTION, 3, "disabled")),
                        "Degraded", "1/2 backends routable (0 degraded, 1 unhealthy, 0 unknown)", 1,
                        new Condition("Ready", "False", "SomeBackendsUnhealthy", "1/2 backends routable")),
                Arguments.of("degraded is not routable for ToolHive", List.of(health("a", HealthStatus.HEALTHY),
                                health("b", HealthStatus.DEGRADED), health("c", HealthStatus.UNKNOWN)),
                        "Degraded", "1/3 backends routable (1 degraded, 0 unhealthy, 1 unknown)", 1,
                        new Condition("Ready", "False", "SomeBackendsUnhealthy", "1/3 backends routable")),
                Arguments.of("none routable", List.of(failing("a", HealthStatus.UNHEALTHY, FailureCategory.TIMEOUT, 3, "disabled"),
                                health("b", HealthStatus.DEGRADED)),
                        "Failed", "No routable backends (1 degraded, 1 unhealthy, 0 unknown)", 0,
                        new Condition("Ready", "False", "NoRoutableBackends", "No routable backends available")),
                Arguments.of("nothing probed yet", List.of(unprobed("a"), unprobed("b")),
                        "Pending", "Waiting for initial health checks (2 backends configured)", 0,
                        new Condition("Ready", "False", "BackendsPending", "Waiting for initial health checks (2 backends configured)")),
                Arguments.of("no backends", List.of(), "Ready", "Ready, no backends configured", 0,
                        new Condition("Ready", "True", "AllBackendsRoutable", "Ready, no backends configured")));
    }

    @Test
    void backendsDiscoveredAndDegradedConditions() {
        Report r = report(health("a", HealthStatus.HEALTHY), health("b", HealthStatus.DEGRADED), unprobed("c"));
        assertEquals(new Condition("BackendsDiscovered", "True", "BackendsDiscovered", "Discovered 3 backends"), r.conditions().get(1));
        assertEquals(new Condition("Degraded", "True", "BackendsDegraded", "1 backends degraded"), r.conditions().get(2));
        assertEquals(List.of("a", "b"), r.discoveredBackends().stream().map(VirtualServerStatus.Backend::name).toList(),
                "only backends with a probe answer, as ToolHive lists backends with health state");

        Report noDegraded = report(health("a", HealthStatus.HEALTHY));
        assertEquals(List.of("Ready", "BackendsDiscovered"), noDegraded.conditions().stream().map(Condition::type).toList());
        assertEquals(new Condition("BackendsDiscovered", "True", "BackendsDiscovered", "No backends configured"),
                report().conditions().get(1));
    }

    @Test
    void backendItemsCarryToolHivesFieldsAndGenericMessages() {
        Instant changed = Instant.parse("2026-11-26T09:59:00Z");
        BackendHealth open = new BackendHealth("b", HealthStatus.UNHEALTHY, 5, "refused", PROBED, Duration.ofMillis(3), "open",
                FailureCategory.CONNECTION, null, "connect to 10.0.0.7:8080 refused", changed);
        Report r = report(health("a", HealthStatus.HEALTHY), open);
        VirtualServerStatus.Backend a = r.discoveredBackends().get(0);
        assertEquals(new VirtualServerStatus.Backend("a", "http://a.tools.svc:8080/mcp", "ready", null, PROBED, "Healthy", "closed",
                null, 0), a);
        VirtualServerStatus.Backend b = r.discoveredBackends().get(1);
        assertEquals("Circuit breaker OPEN - Connection failed (failures: 5)", b.message());
        assertEquals("open", b.circuitBreakerState());
        assertEquals(changed, b.circuitLastChanged());
        assertEquals(5, b.consecutiveFailures());
        assertFalse(r.toString().contains("10.0.0.7"), "no error detail in the status");

        assertEquals("Health check timed out", report(failing("t", HealthStatus.UNKNOWN, FailureCategory.TIMEOUT, 1, "closed"))
                .discoveredBackends().get(0).message());
        assertEquals("Authentication misconfigured (backend requires auth, none configured)",
                report(failing("u", HealthStatus.UNAUTHENTICATED, FailureCategory.AUTH, 1, "closed")).discoveredBackends().get(0).message());
        assertEquals("Circuit breaker testing recovery - Backend unavailable",
                report(failing("h", HealthStatus.UNHEALTHY, FailureCategory.UNAVAILABLE, 1, "half-open")).discoveredBackends().get(0).message());
        BackendHealth recovering = new BackendHealth("r", HealthStatus.DEGRADED, 2, "ok", PROBED, Duration.ofMillis(3), "closed");
        assertEquals("Recovering from 2 failures", report(recovering).discoveredBackends().get(0).message());
        assertEquals("Degraded performance", report(health("d", HealthStatus.DEGRADED)).discoveredBackends().get(0).message());
    }

    @Test
    void theUrlLosesUserinfoQueryAndFragmentAndAuthTypeIsTheStrategy() {
        BackendSpec spec = new BackendSpec("a", URI.create("https://user:pw@mcp.example.com:8443/mcp?key=k1#x"),
                BackendSpec.Transport.SSE, null, Duration.ofSeconds(30), HeaderForward.NONE,
                new AuthStrategy.HeaderInjection("Authorization", "Bearer t", null), null);
        Report r = VirtualServerStatus.of(HealthSnapshot.of(true, List.of(health("a", HealthStatus.HEALTHY))), Map.of("a", spec));
        assertEquals("https://mcp.example.com:8443/mcp", r.discoveredBackends().get(0).url());
        assertEquals("header_injection", r.discoveredBackends().get(0).authType());
        assertFalse(r.toString().contains("Bearer"));
    }

    @Test
    void withoutCheckTimesTellsAChangeFromARefresh() {
        Report first = report(health("a", HealthStatus.HEALTHY));
        BackendHealth later = new BackendHealth("a", HealthStatus.HEALTHY, 0, "ok", PROBED.plusSeconds(30), Duration.ofMillis(5),
                "disabled", FailureCategory.NONE, null, null, null);
        Report refreshed = report(later);
        assertNotEquals(first, refreshed);
        assertEquals(first.withoutCheckTimes(), refreshed.withoutCheckTimes());
        assertNull(refreshed.withoutCheckTimes().discoveredBackends().get(0).lastHealthCheck());
        assertNotEquals(first.withoutCheckTimes(), report(health("a", HealthStatus.DEGRADED)).withoutCheckTimes());
    }
}
