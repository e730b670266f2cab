package routes.health;

/**
 * A backend's health as probes see it, with ToolHive's names. Routable statuses keep the
 * backend in listings and calls; the others withhold it until it recovers.
 */
public enum HealthStatus {
    /** Probes succeed within the degraded threshold. */
    HEALTHY("healthy", true),
    /** Reachable but slow, rate limited, or recovering from failures: still used. */
    DEGRADED("degraded", true),
    /** Failed probes reached the unhealthy threshold, or its circuit breaker is open. */
    UNHEALTHY("unhealthy", false),
    /** Answers 401/403 and the gateway has no credentials to give it. */
    UNAUTHENTICATED("unauthenticated", false),
    /** Not probed yet, or failing but still below the threshold with no earlier verdict. */
    UNKNOWN("unknown", true);

    private final String wireName;
    private final boolean routable;

    HealthStatus(String wireName, boolean routable) {
        this.wireName = wireName;
        this.routable = routable;
    }

    /** The name in /status, /api/backends/health and metrics. */
    public String wireName() {
        return wireName;
    }

    public boolean routable() {
        return routable;
    }
}
