package routes.health;

import org.junit.jupiter.api.Test;
import routes.config.OperationalConfig.CircuitBreaker;
import routes.config.OperationalConfig.FailureHandling;
import routes.config.OperationalConfig.PartialFailureMode;
import routes.kernel.BackendException;
import routes.kernel.BackendRpcException;
import routes.kernel.BackendSpec;
import routes.registry.BackendRegistry;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The health state's scheduling and bookkeeping, on a clock the test moves. */
class HealthStateTest {

    /** A clock that stands still until the test moves it. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-05-01T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final ProbeVerdict OK = new ProbeVerdict(ProbeVerdict.Kind.SUCCESS, HealthStatus.HEALTHY, "ok", null);
    private static final ProbeVerdict DOWN = new ProbeVerdict(ProbeVerdict.Kind.FAILURE, HealthStatus.UNHEALTHY, "refused", null);

    private final TestClock clock = new TestClock();
    private final BackendRegistry registry = new BackendRegistry();
    private final AtomicReference<FailureHandling> settings = new AtomicReference<>(handling(CircuitBreaker.DEFAULT));
    private final HealthState state = new HealthState(registry, settings::get, () -> true, clock);
    private final List<String> flips = new ArrayList<>();

    HealthStateTest() {
        state.addListener((backend, routable) -> flips.add(backend + (routable ? " routable" : " withheld")));
    }

    private static FailureHandling handling(CircuitBreaker breaker) {
        return new FailureHandling(INTERVAL, 2, Duration.ofSeconds(10), PartialFailureMode.FAIL, breaker);
    }

    private static BackendSpec spec(String name, Map<String, String> headers) {
        return new BackendSpec(name, URI.create("http://" + name + ".example/mcp"), BackendSpec.Transport.STREAMABLE_HTTP,
                null, Duration.ofSeconds(30), routes.kernel.HeaderForward.plaintext(headers), null, null);
    }

    private static List<String> names(List<BackendSpec> specs) {
        return specs.stream().map(BackendSpec::name).toList();
    }

    @Test
    void probesEachBackendOnceThenAfterItsInterval() {
        registry.replace("test", List.of(spec("a", Map.of()), spec("b", Map.of())));
        List<BackendSpec> first = state.due();
        assertEquals(List.of("a", "b"), names(first), "the first round is immediate");
        assertEquals(List.of(), state.due(), "in flight: not again");
        state.record(first.get(0), OK, Duration.ofMillis(5));
        clock.advance(INTERVAL.minusSeconds(1));
        assertEquals(List.of(), state.due(), "a: interval not over; b: still in flight");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("a"), names(state.due()));
    }

    @Test
    void retryAfterPushesTheNextProbeBeyondTheInterval() {
        registry.replace("test", List.of(spec("a", Map.of())));
        BackendSpec a = state.due().get(0);
        state.record(a, new ProbeVerdict(ProbeVerdict.Kind.THROTTLED, HealthStatus.DEGRADED, "429", Duration.ofSeconds(90)),
                Duration.ofMillis(5));
        assertEquals(HealthStatus.DEGRADED, state.status("a"));
        assertTrue(state.routable("a"), "throttled is not withheld");
        clock.advance(INTERVAL);
        assertEquals(List.of(), state.due());
        clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of("a"), names(state.due()));
    }

    @Test
    void aChangedConfigIsProbedAtOnceAndAStaleVerdictIsDropped() {
        registry.replace("test", List.of(spec("a", Map.of("X-Team", "blue"))));
        BackendSpec blue = state.due().get(0);
        registry.replace("test", List.of(spec("a", Map.of("X-Team", "green"))));
        state.record(blue, DOWN, Duration.ofMillis(5));
        assertEquals(0, state.snapshot().backends().get(0).consecutiveFailures(), "the old config's verdict is dropped");
        List<BackendSpec> next = state.due();
        assertEquals("green", next.get(0).headerForward().plaintext().get("X-Team"), "the next probe uses the new config");
    }

    @Test
    void aRemovedBackendLeavesAtOnceAndItsLateVerdictIsIgnored() {
        registry.replace("test", List.of(spec("a", Map.of()), spec("b", Map.of())));
        List<BackendSpec> round = state.due();
        registry.replace("test", List.of(spec("a", Map.of())));
        assertEquals(List.of("a"), state.snapshot().backends().stream().map(BackendHealth::name).toList());
        state.record(round.get(1), DOWN, Duration.ofMillis(5));
        state.record(round.get(0), OK, Duration.ofMillis(5));
        clock.advance(INTERVAL.multipliedBy(3));
        assertEquals(List.of("a"), names(state.due()), "b is never probed again");
        assertEquals(HealthStatus.UNKNOWN, state.status("b"));
    }

    @Test
    void reachingTheThresholdWithholdsTheBackendAndRecoveryBringsItBack() {
        registry.replace("test", List.of(spec("a", Map.of())));
        BackendSpec a = state.due().get(0);
        state.record(a, OK, Duration.ofMillis(5));
        state.record(a, DOWN, Duration.ofMillis(5));
        assertTrue(state.routable("a"));
        state.record(a, DOWN, Duration.ofMillis(5));
        assertFalse(state.routable("a"));
        BackendException refused = assertThrows(BackendException.class, () -> state.admit(a));
        assertEquals("backend 'a' is unhealthy (refused); it gets no calls until a health probe succeeds", refused.getMessage());
        state.record(a, OK, Duration.ofMillis(5));
        assertEquals(HealthStatus.DEGRADED, state.status("a"));
        state.admit(a);
        assertEquals(List.of("a withheld", "a routable"), flips);
    }

    @Test
    void realCallFailuresOpenTheCircuitAndOnlyATrialProbeClosesIt() {
        settings.set(handling(new CircuitBreaker(true, 2, Duration.ofSeconds(60))));
        registry.replace("test", List.of(spec("a", Map.of())));
        BackendSpec a = state.due().get(0);
        state.record(a, OK, Duration.ofMillis(5));
        state.callEnded("a", new BackendRpcException("a", -32602, "bad arguments", null));
        state.callEnded("a", new BackendException("a", "answered tools/call with HTTP 404", 404, null, null));
        assertTrue(state.routable("a"), "answers, even errors, are not failures");
        state.callEnded("a", new BackendException("a", "did not answer within 30000 ms"));
        state.callEnded("a", new BackendException("a", "answered tools/call with HTTP 502", 502, null, null));
        assertFalse(state.routable("a"));
        BackendHealth shown = state.snapshot().backends().get(0);
        assertEquals("open", shown.circuitBreaker());
        assertEquals(HealthStatus.UNHEALTHY, shown.status());
        assertTrue(shown.reason().startsWith("circuit breaker open after 2 failure(s) in a row"), shown.reason());

        clock.advance(INTERVAL);
        assertEquals(List.of(), state.due(), "no probes while open");
        clock.advance(Duration.ofSeconds(30));
        List<BackendSpec> trial = state.due();
        assertEquals(List.of("a"), names(trial), "one trial after the breaker timeout");
        assertEquals("half-open", state.snapshot().backends().get(0).circuitBreaker());
        state.record(trial.get(0), OK, Duration.ofMillis(5));
        assertTrue(state.routable("a"));
        assertEquals("closed", state.snapshot().backends().get(0).circuitBreaker());
        assertEquals(List.of("a withheld", "a routable"), flips);
    }

    @Test
    void registryEventsForgetARemovedBackendAndDueAChangedOneWithoutWaitingForARound() {
        registry.addListener(state);
        registry.replace("test", List.of(spec("a", Map.of())));
        BackendSpec a = state.due().get(0);
        state.record(a, DOWN, Duration.ofMillis(5));
        state.record(a, DOWN, Duration.ofMillis(5));
        assertFalse(state.routable("a"));

        registry.replace("test", List.of());
        assertTrue(state.routable("a"), "forgotten at once, not at the next due()");
        assertEquals(HealthStatus.UNKNOWN, state.status("a"));

        registry.replace("test", List.of(spec("a", Map.of())));
        state.record(state.due().get(0), OK, Duration.ofMillis(5));
        registry.replace("test", List.of(spec("a", Map.of("X-Team", "green"))));
        assertEquals(List.of("a"), names(state.due()), "a changed backend is due before its interval is over");
    }

    @Test
    void nextDueSaysWhenTheScheduleMustLookAgain() {
        assertEquals(null, state.nextDue(), "no backends: nothing is ever due");
        registry.replace("test", List.of(spec("a", Map.of()), spec("b", Map.of())));
        Instant start = clock.instant();
        assertEquals(start, state.nextDue(), "never probed: at once");
        List<BackendSpec> round = state.due();
        Instant lost = start.plus(INTERVAL).plus(Duration.ofSeconds(10).multipliedBy(10)).plusMillis(1);
        assertEquals(lost, state.nextDue(), "both in flight: when an unanswered probe counts as lost");

        clock.advance(Duration.ofSeconds(2));
        state.record(round.get(0), OK, Duration.ofMillis(5));
        assertEquals(start.plusSeconds(2).plus(INTERVAL), state.nextDue(), "a's interval after its verdict");
        clock.advance(Duration.ofSeconds(1));
        state.record(round.get(1), new ProbeVerdict(ProbeVerdict.Kind.THROTTLED, HealthStatus.DEGRADED, "429",
                Duration.ofSeconds(90)), Duration.ofMillis(5));
        assertEquals(start.plusSeconds(2).plus(INTERVAL), state.nextDue(), "the earliest of the two: b waits its Retry-After");

        registry.replace("test", List.of(spec("a", Map.of("X-Team", "green")), spec("b", Map.of())));
        assertEquals(clock.instant(), state.nextDue(), "a changed config: at once");
    }

    @Test
    void anOpenCircuitIsDueWhenItsTimeoutEnds() {
        settings.set(handling(new CircuitBreaker(true, 1, Duration.ofSeconds(60))));
        registry.replace("test", List.of(spec("a", Map.of())));
        BackendSpec a = state.due().get(0);
        Instant opened = clock.instant();
        state.record(a, DOWN, Duration.ofMillis(5));
        assertEquals("open", state.snapshot().backends().get(0).circuitBreaker());
        assertEquals(opened.plusSeconds(60), state.nextDue(), "the trial, not the interval");
    }

    @Test
    void verdictsAndRegistryChangesTellTheSchedule() {
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        state.onDueChanged(told::incrementAndGet);
        registry.addListener(state);
        registry.replace("test", List.of(spec("a", Map.of())));
        assertEquals(1, told.get(), "a new backend");
        BackendSpec a = state.due().get(0);
        state.record(a, OK, Duration.ofMillis(5));
        assertEquals(2, told.get(), "a verdict");
        registry.replace("test", List.of(spec("a", Map.of("X-Team", "green"))));
        assertEquals(3, told.get(), "a changed backend");
        state.callEnded("a", null);
        assertEquals(3, told.get(), "a real call moves no probe");
    }
}
