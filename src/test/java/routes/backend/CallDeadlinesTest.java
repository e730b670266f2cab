package routes.backend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deadlines are kept by a sweep that runs only while some answer is being watched. */
class CallDeadlinesTest {

    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        sweeper.shutdownNow();
    }

    @Test
    void aPassedDeadlineCutsTheAnswerOffAndThenTheSweepsStop() throws Exception {
        CallDeadlines deadlines = new CallDeadlines(sweeper);
        assertFalse(deadlines.sweeping(), "nothing watched, nothing scheduled");
        CountDownLatch cut = new CountDownLatch(1);
        CallDeadlines.Watch w = deadlines.watch(System.currentTimeMillis() + 150, cut::countDown);
        assertTrue(deadlines.sweeping());
        assertTrue(cut.await(5, TimeUnit.SECONDS), "cut off after its deadline");
        assertTrue(w.expired());
        waitUntil(() -> !deadlines.sweeping());
    }

    @Test
    void aClosedWatchNeverExpiresAndALaterWatchStartsTheSweepsAgain() throws Exception {
        CallDeadlines deadlines = new CallDeadlines(sweeper);
        CountDownLatch early = new CountDownLatch(1);
        CallDeadlines.Watch done = deadlines.watch(System.currentTimeMillis() + 50, early::countDown);
        done.close();
        waitUntil(() -> !deadlines.sweeping());
        assertFalse(early.await(300, TimeUnit.MILLISECONDS), "an answer read in time is not cut off");

        CountDownLatch cut = new CountDownLatch(1);
        deadlines.watch(System.currentTimeMillis() + 100, cut::countDown);
        assertTrue(cut.await(5, TimeUnit.SECONDS), "a watch after the sweeps stopped still gets its deadline");
    }

    @Test
    void aSweepSeesTheClientGoneBeforeTheDeadline() throws Exception {
        CallDeadlines deadlines = new CallDeadlines(sweeper);
        CountDownLatch asked = new CountDownLatch(3);
        Cancellation cancellation = new Cancellation(() -> {
            asked.countDown();
            return asked.getCount() == 0;
        });
        CallDeadlines.Watch w = deadlines.watch(System.currentTimeMillis() + 60_000, () -> { }, cancellation);
        assertTrue(asked.await(5, TimeUnit.SECONDS), "each sweep asks whether the client is still there");
        waitUntil(cancellation::cancelled);
        assertTrue(cancellation.reason().contains("disconnected"), cancellation.reason());
        assertFalse(w.expired(), "cancelled for its client, not cut off for time");
        w.close();
        waitUntil(() -> !deadlines.sweeping());
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached in 10 s");
            Thread.sleep(10);
        }
    }
}
