package routes.catalog;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When failed backends are fetched again: only while one has failed, an interval after the failure or the last retry. */
class CatalogRetryTest {

    private static final Duration INTERVAL = Duration.ofSeconds(5);

    @Test
    void noFailureNoRetryAndAFailureIsRetriedAnIntervalLater() {
        CatalogStore store = new CatalogStore();
        AtomicInteger told = new AtomicInteger();
        store.onFailure(told::incrementAndGet);
        assertNull(store.nextRetry(Instant.MIN, INTERVAL), "nothing failed: nothing to retry, ever");

        Instant before = Instant.now();
        store.failed("beta", "connection refused");
        assertEquals(1, told.get(), "the retry's scheduler hears of the failure");
        Instant next = store.nextRetry(Instant.MIN, INTERVAL);
        assertTrue(!next.isBefore(before.plus(INTERVAL)), "not at once: an interval after the failure, " + next);

        Instant retried = Instant.now().plusSeconds(1);
        assertEquals(retried.plus(INTERVAL), store.nextRetry(retried, INTERVAL), "then an interval after each retry");

        store.removed("beta");
        assertNull(store.nextRetry(retried, INTERVAL), "no failed backend left");
    }
}
