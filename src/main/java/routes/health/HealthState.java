package routes.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.OperationalConfig.FailureHandling;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.FailureCategory;
import routes.registry.BackendRegistry;
import routes.registry.RegistryChange;
import routes.registry.RegistryEvent;
import routes.registry.RegistryListener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Owner of every backend's health: what the probes found, the circuit breakers, and when each
 * backend is next due. The health-probe route asks it who is due and records verdicts; the front
 * door asks it whether a backend may be called and reports how real calls went; the endpoints and
 * metrics read {@link #snapshot()}. Backends come from the registry, whose changes it hears: a new
 * or changed backend is due for a probe at once (a changed one with a closed circuit), a removed one
 * leaves this state at once. Listeners hear when a backend becomes routable or stops being so (the
 * catalog follows).
 */
public final class HealthState implements RegistryListener {

    /** Hears when a backend starts or stops being routable. */
    @FunctionalInterface
    public interface Listener {
        void routabilityChanged(String backend, boolean routable);
    }

    private static final Logger LOG = LoggerFactory.getLogger(HealthState.class);

    private final BackendRegistry registry;
    private final Supplier<FailureHandling> settings;
    private final BooleanSupplier discoveryRan;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile SourceGate sourceGate = SourceGate.NONE;
    /** Told when a probe may be due sooner than {@link #nextDue()} said before (the probe schedule). */
    private volatile Runnable dueChanged = () -> { };

    /** One backend's mutable record; guarded by its own monitor. */
    private static final class Entry {
        private BackendSpec spec;
        private BackendHealth health;
        private final CircuitBreaker breaker = new CircuitBreaker();
        private boolean inFlight;
        private Instant inFlightSince;
        private Instant notBefore = Instant.MIN;
        private boolean routable = true;
        private HealthStatus shownStatus = HealthStatus.UNKNOWN;

        private Entry(BackendSpec spec) {
            this.spec = spec;
            this.health = BackendHealth.unprobed(spec.name());
        }
    }

    /** A routability change found under an entry's lock, announced after it is released. */
    private record Flip(String backend, boolean routable) {
    }

    /**
     * @param registry     the backends that exist
     * @param settings     the current {@code operational.failureHandling} (read on every use, so a
     *                     config change applies at once)
     * @param discoveryRan whether the first discovery round has completed
     */
    public HealthState(BackendRegistry registry, Supplier<FailureHandling> settings, BooleanSupplier discoveryRan, Clock clock) {
        this.registry = registry;
        this.settings = settings;
        this.discoveryRan = discoveryRan;
        this.clock = clock;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Runs (on the thread that made the change) whenever a probe may have become due sooner. */
    public void onDueChanged(Runnable dueChanged) {
        this.dueChanged = dueChanged;
    }

    /**
     * A backend source whose view can be incomplete (Kubernetes discovery before its first list, or
     * after its lists stopped answering): while it says so, the gateway is not ready.
     *
     * @param pending          why the source's view is not complete now, or null when it is
     * @param readyWhenComplete true for ToolHive's dynamic mode: the gateway is ready once the view
     *                          is complete, whatever its backends' health (an empty group too), so
     *                          a pod whose backends are all down still answers clients with MCP
     *                          errors instead of leaving its Service without an endpoint
     */
    public record SourceGate(Supplier<String> pending, boolean readyWhenComplete) {
        static final SourceGate NONE = new SourceGate(() -> null, false);
    }

    public void sourceGate(SourceGate gate) {
        this.sourceGate = gate;
    }

    /** Whether the gateway takes clients: /readyz and Camel's readiness check ask this. */
    public boolean ready(HealthSnapshot snapshot) {
        SourceGate gate = sourceGate;
        if (gate.readyWhenComplete()) {
            return gate.pending().get() == null && discoveryRan.getAsBoolean();
        }
        return snapshot.phase().ready();
    }

    /** Why a backend source's view is incomplete now, or null. */
    public String sourcePending() {
        return sourceGate.pending().get();
    }

    /** The current failure-handling settings. */
    public FailureHandling settings() {
        return settings.get();
    }

    /**
     * The backends to probe now, each marked in flight until its verdict is recorded: never
     * probed, its config changed, or its interval (and any Retry-After) has passed, and its
     * circuit breaker lets a probe through. Drops backends that left the registry.
     */
    public List<BackendSpec> due() {
        FailureHandling fh = settings.get();
        Instant now = clock.instant();
        Map<String, BackendSpec> live = registry.snapshot();
        entries.keySet().removeIf(name -> !live.containsKey(name));
        List<BackendSpec> due = new ArrayList<>();
        List<Flip> flips = new ArrayList<>();
        for (BackendSpec listed : live.values()) {
            Entry e = entries.computeIfAbsent(listed.name(), n -> new Entry(listed));
            synchronized (e) {
                // the registry now, not the snapshot: a change that came meanwhile was followed already,
                // and following the snapshot would put the old config back
                BackendSpec spec = registry.get(listed.name());
                if (spec == null) {
                    continue;
                }
                if (e.inFlight && now.isAfter(e.inFlightSince.plus(stuckAfter(fh)))) {
                    // a probe whose verdict never came (a replaced route that drops it) must not stop probing
                    LOG.warn("Probe of backend '{}' never reported back; probing it again", spec.name());
                    e.inFlight = false;
                    if (fh.circuitBreaker().enabled()) {
                        // a lost trial counts as a failed one, or a half-open circuit would wait forever
                        e.breaker.failure(now, fh.circuitBreaker().failureThreshold());
                    }
                }
                follow(e, spec, now);
                if (!fh.circuitBreaker().enabled()) {
                    e.breaker.reset(now);
                }
                if (!e.inFlight && probeAllowed(e, fh, now)) {
                    e.inFlight = true;
                    e.inFlightSince = now;
                    due.add(spec);
                }
                addFlip(flips, e, fh);
            }
        }
        announce(flips);
        return due;
    }

    /**
     * When {@link #due()} will next have a backend for a probe, as far as is known now: at once for
     * a backend never seen or whose config changed, its next probe time, the end of its circuit
     * breaker's timeout, or when an unanswered probe counts as lost. Null with no backends.
     */
    public Instant nextDue() {
        FailureHandling fh = settings.get();
        Instant now = clock.instant();
        Instant next = null;
        for (BackendSpec spec : registry.snapshot().values()) {
            Entry e = entries.get(spec.name());
            if (e == null) {
                return now;
            }
            Instant at;
            synchronized (e) {
                if (!spec.equals(e.spec)) {
                    return now;
                }
                if (e.inFlight) {
                    at = e.inFlightSince.plus(stuckAfter(fh)).plusMillis(1);
                } else if (fh.circuitBreaker().enabled() && e.breaker.state() == CircuitBreaker.State.OPEN) {
                    at = e.breaker.openedAt().plus(fh.circuitBreaker().timeout());
                } else {
                    at = e.notBefore;
                }
            }
            if (next == null || at.isBefore(next)) {
                next = at;
            }
        }
        return next;
    }

    @Override
    public void registryChanged(RegistryChange change) {
        Instant now = clock.instant();
        for (RegistryEvent event : change.events()) {
            if (event.kind() == RegistryEvent.Kind.REMOVED) {
                entries.remove(event.name());
            } else {
                Entry e = entries.computeIfAbsent(event.name(), n -> new Entry(event.after()));
                synchronized (e) {
                    follow(e, event.after(), now);
                }
            }
        }
        dueChanged.run();
    }

    /** New URL, headers, CA or auth: probe the new config at once, with a closed circuit. Caller holds e. */
    private static void follow(Entry e, BackendSpec spec, Instant now) {
        if (!spec.equals(e.spec)) {
            e.spec = spec;
            e.notBefore = now;
            e.breaker.reset(now);
        }
    }

    /** Its interval (and Retry-After) passed; with an open circuit, only the trial once its timeout passed. */
    private static boolean probeAllowed(Entry e, FailureHandling fh, Instant now) {
        if (fh.circuitBreaker().enabled() && e.breaker.state() != CircuitBreaker.State.CLOSED) {
            return e.breaker.allowProbe(now, fh.circuitBreaker().timeout());
        }
        return !now.isBefore(e.notBefore);
    }

    /** Far longer than any probe can take: each of its few requests is bounded by the probe timeout. */
    private static Duration stuckAfter(FailureHandling fh) {
        return fh.healthCheckInterval().plus(fh.healthCheckTimeout().multipliedBy(10));
    }

    /**
     * Records a probe's verdict. A verdict for a config that has changed meanwhile is dropped and
     * the new config is probed at once; one for a removed backend is dropped.
     *
     * @param probed  the spec as it was when the probe was scheduled (from {@link #due()})
     * @param verdict what the probe found
     * @param latency how long it took
     */
    public void record(BackendSpec probed, ProbeVerdict verdict, Duration latency) {
        FailureHandling fh = settings.get();
        Instant now = clock.instant();
        Entry e = entries.get(probed.name());
        if (e == null) {
            return;
        }
        BackendSpec current = registry.get(probed.name());
        List<Flip> flips = new ArrayList<>(1);
        synchronized (e) {
            e.inFlight = false;
            if (current == null) {
                entries.remove(probed.name(), e);
                return;
            }
            if (!probed.equals(current)) {
                e.notBefore = now;
            } else {
                e.health = HealthTransitions.next(e.health, verdict, now, latency, fh.unhealthyThreshold());
                if (fh.circuitBreaker().enabled()) {
                    if (verdict.kind() == ProbeVerdict.Kind.FAILURE) {
                        e.breaker.failure(now, fh.circuitBreaker().failureThreshold());
                    } else {
                        e.breaker.success(now);
                    }
                }
                Instant next = now.plus(fh.healthCheckInterval());
                if (verdict.retryAfter() != null && now.plus(verdict.retryAfter()).isAfter(next)) {
                    next = now.plus(verdict.retryAfter());
                }
                e.notBefore = next;
                addFlip(flips, e, fh);
            }
        }
        announce(flips);
        dueChanged.run();
    }

    /**
     * Refuses a call to a withheld backend, with an error naming it and its status.
     *
     * @throws BackendException when the backend is unhealthy, unauthenticated or its circuit is open
     */
    public void admit(BackendSpec spec) {
        Entry e = entries.get(spec.name());
        if (e == null) {
            return;
        }
        BackendHealth h;
        boolean routable;
        synchronized (e) {
            h = view(e, settings.get());
            routable = routable(e, h);
        }
        if (!routable) {
            // the reason is fit for anyone; the detail (the backend's host, files) is for the log
            throw new BackendException(spec.name(), FailureCategory.UNAVAILABLE,
                    "is " + h.status().wireName() + " (" + h.reason() + "); it gets no calls until a health probe succeeds",
                    "is " + h.status().wireName() + " (" + h.detail() + "); it gets no calls until a health probe succeeds", null);
        }
    }

    /**
     * How a real call ended, for the circuit breaker: an answer of any kind (a JSON-RPC error, a
     * 4xx) shows the backend is there; no answer, garbage or a 5xx counts as a failure. A call its
     * client cancelled says nothing either way.
     *
     * @param failure what the call threw, or null when it succeeded
     */
    public void callEnded(String backend, RuntimeException failure) {
        if (failure instanceof BackendException e && e.category() == FailureCategory.CANCELLED) {
            return;
        }
        boolean failed = failure instanceof BackendException e && (e.httpStatus() == 0 || e.httpStatus() >= 500);
        onCall(backend, failed);
    }

    private void onCall(String backend, boolean failed) {
        FailureHandling fh = settings.get();
        Entry e = entries.get(backend);
        if (e == null || !fh.circuitBreaker().enabled()) {
            return;
        }
        List<Flip> flips = new ArrayList<>(1);
        synchronized (e) {
            Instant now = clock.instant();
            if (failed) {
                e.breaker.failure(now, fh.circuitBreaker().failureThreshold());
            } else {
                e.breaker.success(now);
            }
            addFlip(flips, e, fh);
        }
        announce(flips);
    }

    /** Whether calls and listings may use this backend; unknown backends are not withheld. */
    public boolean routable(String backend) {
        Entry e = entries.get(backend);
        if (e == null) {
            return true;
        }
        synchronized (e) {
            return routable(e, view(e, settings.get()));
        }
    }

    /** The backend's status as shown (UNKNOWN for one not seen yet). */
    public HealthStatus status(String backend) {
        Entry e = entries.get(backend);
        if (e == null) {
            return HealthStatus.UNKNOWN;
        }
        synchronized (e) {
            return view(e, settings.get()).status();
        }
    }

    /** Every registered backend's health and the gateway phase, at this moment. */
    public HealthSnapshot snapshot() {
        FailureHandling fh = settings.get();
        List<BackendHealth> list = new ArrayList<>();
        for (BackendSpec spec : registry.snapshot().values()) {
            Entry e = entries.get(spec.name());
            if (e == null) {
                list.add(BackendHealth.unprobed(spec.name()));
            } else {
                synchronized (e) {
                    list.add(view(e, fh));
                }
            }
        }
        SourceGate gate = sourceGate;
        String pending = gate.pending().get();
        if (pending != null) {
            return new HealthSnapshot(GatewayPhase.PENDING, pending, list);
        }
        if (list.isEmpty() && gate.readyWhenComplete() && discoveryRan.getAsBoolean()) {
            return new HealthSnapshot(GatewayPhase.READY, "no backends in the group yet", list);
        }
        Map<String, BackendSpec> specs = registry.snapshot();
        return HealthSnapshot.of(discoveryRan.getAsBoolean(), list, h -> routable(h, specs.get(h.name())));
    }

    /**
     * Whether calls may go to it: its status says so, or it is unauthenticated only because the
     * gateway's own probe has no user, while users' calls carry theirs (a token exchange backend).
     */
    private static boolean routable(Entry e, BackendHealth h) {
        return routable(h, e.spec);
    }

    /** As calls see it: {@link BackendHealth#routable()}, or unauthenticated only for lack of a user on the probe. */
    public static boolean routable(BackendHealth h, BackendSpec spec) {
        return h.routable() || (h.status() == HealthStatus.UNAUTHENTICATED && spec != null && spec.auth().needsUser());
    }

    /** The health as shown: the probes' verdict, overridden by an open circuit breaker. */
    private BackendHealth view(Entry e, FailureHandling fh) {
        if (!fh.circuitBreaker().enabled()) {
            return e.health.withCircuitBreaker("disabled", null);
        }
        CircuitBreaker.State state = e.breaker.state();
        BackendHealth h = e.health.withCircuitBreaker(state.wireName(), e.breaker.changedAt());
        if (state == CircuitBreaker.State.CLOSED) {
            return h;
        }
        String trial = state == CircuitBreaker.State.HALF_OPEN ? "a trial probe is running"
                : "a trial probe follows at " + e.breaker.openedAt().plus(fh.circuitBreaker().timeout());
        return h.withStatus(HealthStatus.UNHEALTHY, "circuit breaker open after " + e.breaker.failures()
                + " failure(s) in a row, " + trial + "; last probe: " + e.health.reason());
    }

    private void addFlip(List<Flip> flips, Entry e, FailureHandling fh) {
        BackendHealth shown = view(e, fh);
        if (shown.status() != e.shownStatus) {
            LOG.info("Backend '{}' is now {}: {}", shown.name(), shown.status().wireName(), shown.detail());
            e.shownStatus = shown.status();
        }
        if (routable(e, shown) != e.routable) {
            e.routable = routable(e, shown);
            flips.add(new Flip(shown.name(), e.routable));
        }
    }

    private void announce(List<Flip> flips) {
        for (Flip f : flips) {
            for (Listener l : listeners) {
                l.routabilityChanged(f.backend(), f.routable());
            }
        }
    }
}
