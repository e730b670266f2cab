package routes.ratelimit;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;
import routes.config.RateLimitConfig;
import routes.config.RateLimitConfig.Bucket;
import routes.config.RateLimitConfig.ToolLimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The buckets on a clock the test moves, so refill is exact and nothing sleeps. */
class RateLimiterTest {

    /** A clock that stands still until the test moves it. */
    private static final class TestClock implements TimeMeter {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }
    }

    private final TestClock clock = new TestClock();

    private RateLimiter limiter(Bucket shared, Bucket perUser, ToolLimit... tools) {
        return new RateLimiter(new RateLimitConfig(shared, perUser, List.of(tools)), 1000, clock);
    }

    @Test
    void aUserIsRefusedOnTheThirdCallWhileAnotherIsNot() {
        RateLimiter l = limiter(null, new Bucket(2, Duration.ofMinutes(1)));
        assertNull(l.acquire("echo", "alice"));
        assertNull(l.acquire("other", "alice"));
        RateLimiter.Refusal third = l.acquire("echo", "alice");
        assertNotNull(third);
        assertEquals(RateLimiter.Scope.PER_USER, third.scope());
        assertNull(third.tool());
        // 2 tokens a minute: the next one is 30 s away
        assertEquals(30, third.retryAfterSeconds());
        assertNull(l.acquire("echo", "bob"));
        assertNull(l.acquire("echo", "bob"));
    }

    @Test
    void aSharedLimitHoldsForEveryoneTogether() {
        RateLimiter l = limiter(new Bucket(3, Duration.ofSeconds(3)), null);
        assertNull(l.acquire("echo", "alice"));
        assertNull(l.acquire("echo", "bob"));
        assertNull(l.acquire("echo", "carol"));
        RateLimiter.Refusal r = l.acquire("echo", "dave");
        assertEquals(RateLimiter.Scope.SHARED, r.scope());
        assertEquals(1, r.retryAfterSeconds());
    }

    @Test
    void aToolLimitCountsOnlyThatToolAndItsPerUserBucketIsPerCaller() {
        RateLimiter l = limiter(null, null, new ToolLimit("search", new Bucket(3, Duration.ofMinutes(1)),
                new Bucket(1, Duration.ofMinutes(1))));
        assertNull(l.acquire("search", "alice"));
        RateLimiter.Refusal again = l.acquire("search", "alice");
        assertEquals(new RateLimiter.Refusal(RateLimiter.Scope.PER_USER, "search", 60), again);
        assertNull(l.acquire("search", "bob"));
        assertNull(l.acquire("search", "carol"));
        // the tool's shared bucket (3) is used up now, whoever calls
        assertEquals(RateLimiter.Scope.SHARED, l.acquire("search", "dave").scope());
        for (int i = 0; i < 10; i++) {
            assertNull(l.acquire("fetch", "alice"), "other tools are not limited");
        }
    }

    @Test
    void bucketsRefillOverTheirPeriod() {
        RateLimiter l = limiter(null, new Bucket(2, Duration.ofSeconds(10)));
        assertNull(l.acquire("echo", "alice"));
        assertNull(l.acquire("echo", "alice"));
        assertNotNull(l.acquire("echo", "alice"));
        clock.advance(Duration.ofSeconds(5)); // half the period: one token back
        assertNull(l.acquire("echo", "alice"));
        assertNotNull(l.acquire("echo", "alice"));
        clock.advance(Duration.ofSeconds(10)); // a whole period: full, never more than maxTokens
        assertNull(l.acquire("echo", "alice"));
        assertNull(l.acquire("echo", "alice"));
        assertNotNull(l.acquire("echo", "alice"));
    }

    @Test
    void aRefusedCallTakesNoTokenFromTheOtherBuckets() {
        RateLimiter l = limiter(new Bucket(5, Duration.ofMinutes(1)), new Bucket(5, Duration.ofMinutes(1)),
                new ToolLimit("search", new Bucket(1, Duration.ofMinutes(1)), null));
        assertNull(l.acquire("search", "alice"));
        for (int i = 0; i < 10; i++) {
            assertEquals(RateLimiter.Scope.SHARED, l.acquire("search", "alice").scope());
        }
        // the ten refusals left the shared and per-user budgets as they were: 4 calls left
        for (int i = 0; i < 4; i++) {
            assertNull(l.acquire("fetch", "alice"), "call " + i);
        }
        assertEquals(RateLimiter.Scope.SHARED, l.acquire("fetch", "alice").scope());
    }

    @Test
    void theRetryHintIsTheWaitForOneTokenInWholeSecondsAtLeastOne() {
        RateLimiter l = limiter(null, new Bucket(1, Duration.ofMillis(1500)));
        assertNull(l.acquire("echo", "alice"));
        assertEquals(2, l.acquire("echo", "alice").retryAfterSeconds());
        clock.advance(Duration.ofMillis(1000));
        assertEquals(1, l.acquire("echo", "alice").retryAfterSeconds());
    }
}
