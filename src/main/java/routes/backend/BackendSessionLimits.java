package routes.backend;

/**
 * How many backend sessions clients may hold open: per backend and in all. The gateway's own
 * sessions (catalog, probes) do not count, so a full gateway still keeps its catalog and health.
 *
 * @param perBackend the most sessions of client sessions with one backend
 * @param total      the most sessions of client sessions with all backends together
 */
public record BackendSessionLimits(int perBackend, int total) {

    public static final BackendSessionLimits NONE = new BackendSessionLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);

    public BackendSessionLimits {
        if (perBackend < 1 || total < 1) {
            throw new IllegalArgumentException("backend session limits must be at least 1 (per backend " + perBackend
                    + ", total " + total + ")");
        }
    }
}
