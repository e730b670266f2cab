package routes.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import routes.config.RateLimitConfig;

/**
 * The rate limits in force: the buckets of the loaded config's {@code rateLimiting}, rebuilt (full)
 * when a reload changes it and kept when it does not. Refusals are counted in
 * {@code caravan_rate_limited_total{scope, tool}}: {@code tool} is a configured tool name, or "*"
 * for the server-wide buckets; never a caller.
 */
public final class RateLimits {

    /** The metric's value of {@code tool} for the server-wide buckets. */
    public static final String ALL_TOOLS = "*";

    private final long maxCallers;
    private final MeterRegistry meters;
    private volatile RateLimiter limiter;

    /** @param maxCallers how many callers' buckets each per-user limit keeps at most */
    public RateLimits(long maxCallers, MeterRegistry meters) {
        this.maxCallers = maxCallers;
        this.meters = meters;
    }

    public synchronized void apply(RateLimitConfig config) {
        RateLimiter current = limiter;
        if (!config.limits()) {
            limiter = null;
        } else if (current == null || !current.config().equals(config)) {
            limiter = new RateLimiter(config, maxCallers);
        }
    }

    /** Whether any limit is in force. */
    public boolean active() {
        return limiter != null;
    }

    /**
     * Takes a token for a call of {@code tool} by {@code caller} (a principal).
     *
     * @return null when the call may go on, else the refusal (already counted)
     */
    public RateLimiter.Refusal acquire(String tool, String caller) {
        RateLimiter l = limiter;
        if (l == null) {
            return null;
        }
        RateLimiter.Refusal refusal = l.acquire(tool, caller);
        if (refusal != null) {
            Counter.builder("caravan.rate_limited")
                    .description("tools/call requests refused by rateLimiting, by bucket kind and configured tool")
                    .tag("scope", refusal.scope().label())
                    .tag("tool", refusal.tool() == null ? ALL_TOOLS : refusal.tool())
                    .register(meters).increment();
        }
        return refusal;
    }
}
