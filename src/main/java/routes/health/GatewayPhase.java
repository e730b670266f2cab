package routes.health;

/** The gateway as a whole, as ToolHive's /status names it. */
public enum GatewayPhase {
    /** Discovery has not run yet, or no backend has been probed yet. */
    PENDING("Pending"),
    /** Every backend is healthy. */
    READY("Ready"),
    /** At least one backend is routable, but not every backend is healthy. */
    DEGRADED("Degraded"),
    /** No backend is routable (or there are none). */
    FAILED("Failed");

    private final String wireName;

    GatewayPhase(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** What /readyz answers: ready exactly when some backend can serve. */
    public boolean ready() {
        return this == READY || this == DEGRADED;
    }
}
