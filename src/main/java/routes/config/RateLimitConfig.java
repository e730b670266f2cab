package routes.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * ToolHive's {@code rateLimiting}: token buckets on {@code tools/call}. A call takes one token from
 * every bucket that applies (the shared one, the caller's own, the tool's shared one and the
 * caller's own for that tool), or from none of them when one is empty.
 *
 * @param shared  one bucket for every caller together; or null
 * @param perUser one bucket per caller; or null
 * @param tools   limits on single tools, by the name clients call them by
 */
public record RateLimitConfig(Bucket shared, Bucket perUser, List<ToolLimit> tools) {

    /** No limits. */
    public static final RateLimitConfig NONE = new RateLimitConfig(null, null, List.of());

    public RateLimitConfig {
        tools = ConfigCollections.copy(tools);
    }

    /** True when at least one bucket is configured. */
    public boolean limits() {
        return shared != null || perUser != null || !tools.isEmpty();
    }

    /**
     * A token bucket: holds at most {@code maxTokens}, refilled evenly so that an empty bucket is full
     * again after {@code refillPeriod} (ToolHive's greedy refill).
     */
    public record Bucket(int maxTokens, Duration refillPeriod) {
        public Bucket {
            if (maxTokens < 1) {
                throw new IllegalArgumentException("maxTokens must be at least 1");
            }
            Objects.requireNonNull(refillPeriod, "refillPeriod");
        }
    }

    /** Limits on one tool ({@code tools[]}): either bucket may be null. */
    public record ToolLimit(String name, Bucket shared, Bucket perUser) {
        public ToolLimit {
            Objects.requireNonNull(name, "name");
        }
    }
}
