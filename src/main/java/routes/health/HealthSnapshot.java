package routes.health;

import java.util.List;
import java.util.function.Predicate;

/**
 * The gateway's health at one moment: the phase and every registered backend, in name order.
 * /health, /readyz, /status and /api/backends/health each render one snapshot, so they cannot
 * disagree.
 *
 * @param phase    the gateway phase derived from the backends
 * @param message  a sentence explaining the phase
 * @param backends every registered backend's health
 */
public record HealthSnapshot(GatewayPhase phase, String message, List<BackendHealth> backends) {

    public HealthSnapshot {
        backends = List.copyOf(backends);
    }

    /**
     * @param discoveryRan whether the first discovery round has built the catalog
     * @param backends     every registered backend's health
     */
    public static HealthSnapshot of(boolean discoveryRan, List<BackendHealth> backends) {
        return of(discoveryRan, backends, BackendHealth::routable);
    }

    /** As {@link #of(boolean, List)}, with calls' own view of which backends are routable. */
    public static HealthSnapshot of(boolean discoveryRan, List<BackendHealth> backends, Predicate<BackendHealth> routableNow) {
        if (!discoveryRan) {
            return new HealthSnapshot(GatewayPhase.PENDING, "waiting for the first discovery round", backends);
        }
        if (backends.isEmpty()) {
            return new HealthSnapshot(GatewayPhase.PENDING, "no backends discovered", backends);
        }
        if (backends.stream().allMatch(b -> b.lastProbe() == null)) {
            return new HealthSnapshot(GatewayPhase.PENDING, "waiting for the first health probe", backends);
        }
        long routable = backends.stream().filter(routableNow).count();
        if (routable == 0) {
            return new HealthSnapshot(GatewayPhase.FAILED, "no backend is routable", backends);
        }
        if (backends.stream().allMatch(b -> b.status() == HealthStatus.HEALTHY)) {
            return new HealthSnapshot(GatewayPhase.READY, "all " + backends.size() + " backend(s) healthy", backends);
        }
        return new HealthSnapshot(GatewayPhase.DEGRADED, routable + " of " + backends.size() + " backend(s) routable", backends);
    }
}
