package routes.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import routes.config.RateLimitConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The buckets of one {@link RateLimitConfig}, in this replica's memory (ToolHive keeps them in
 * Redis, shared by its replicas; here a limit holds per replica). A call takes a token from every
 * bucket that applies, or from none: a call refused by one bucket gives back what it took from
 * the others, so a refused call never drains a budget (as ToolHive's all-or-nothing script).
 *
 * <p>Per-caller buckets live in a bounded Caffeine cache and expire once unused for a refill
 * period, when they would be full again anyway; a caller evicted early by the bound starts with a
 * full bucket.
 */
public final class RateLimiter {

    /** Which kind of bucket refused a call: the metric's {@code scope} label. */
    public enum Scope {
        SHARED("shared"), PER_USER("per_user");

        private final String label;

        Scope(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * A refusal.
     *
     * @param scope             the bucket's kind
     * @param tool              the configured tool the bucket belongs to, or null for the server-wide buckets
     * @param retryAfterSeconds whole seconds until that bucket has a token again, at least 1
     */
    public record Refusal(Scope scope, String tool, long retryAfterSeconds) {
    }

    private final RateLimitConfig config;
    private final TimeMeter clock;
    private final Bucket shared;
    private final Cache<String, Bucket> perUser;
    private final Map<String, Bucket> toolShared = new HashMap<>();
    private final Map<String, Callers> toolPerUser = new HashMap<>();
    private final long maxCallers;

    /** @param maxCallers how many callers' buckets each per-user limit keeps at most */
    public RateLimiter(RateLimitConfig config, long maxCallers) {
        this(config, maxCallers, TimeMeter.SYSTEM_NANOTIME);
    }

    /** With a clock of the caller's (tests move time on instead of sleeping). */
    public RateLimiter(RateLimitConfig config, long maxCallers, TimeMeter clock) {
        this.config = config;
        this.clock = clock;
        this.maxCallers = maxCallers;
        this.shared = config.shared() == null ? null : bucket(config.shared());
        this.perUser = config.perUser() == null ? null : callers(config.perUser());
        for (RateLimitConfig.ToolLimit t : config.tools()) {
            if (t.shared() != null) {
                toolShared.put(t.name(), bucket(t.shared()));
            }
            if (t.perUser() != null) {
                toolPerUser.put(t.name(), new Callers(t.perUser(), callers(t.perUser())));
            }
        }
    }

    public RateLimitConfig config() {
        return config;
    }

    /**
     * Takes one token for a call of {@code tool} by {@code caller} (a principal), from every bucket
     * that applies.
     *
     * @return null when the call may go on, else which bucket refused it
     */
    public Refusal acquire(String tool, String caller) {
        List<Bucket> taken = new ArrayList<>(4);
        Refusal refused = take(shared, Scope.SHARED, null, taken);
        if (refused == null && perUser != null) {
            refused = take(perUser.get(caller, k -> bucket(config.perUser())), Scope.PER_USER, null, taken);
        }
        if (refused == null && tool != null) {
            refused = take(toolShared.get(tool), Scope.SHARED, tool, taken);
            Callers users = toolPerUser.get(tool);
            if (refused == null && users != null) {
                refused = take(users.buckets().get(caller, k -> bucket(users.spec())), Scope.PER_USER, tool, taken);
            }
        }
        if (refused != null) {
            taken.forEach(b -> b.addTokens(1)); // all or nothing
        }
        return refused;
    }

    private static Refusal take(Bucket bucket, Scope scope, String tool, List<Bucket> taken) {
        if (bucket == null) {
            return null;
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            taken.add(bucket);
            return null;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        return new Refusal(scope, tool, seconds);
    }

    /** One tool's per-caller limit and the callers' buckets. */
    private record Callers(RateLimitConfig.Bucket spec, Cache<String, Bucket> buckets) {
    }

    private Cache<String, Bucket> callers(RateLimitConfig.Bucket spec) {
        return Caffeine.newBuilder().maximumSize(maxCallers).expireAfterAccess(spec.refillPeriod()).build();
    }

    private Bucket bucket(RateLimitConfig.Bucket spec) {
        Duration period = spec.refillPeriod();
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(spec.maxTokens()).refillGreedy(spec.maxTokens(), period))
                .withCustomTimePrecision(clock)
                .build();
    }
}
