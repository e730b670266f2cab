package routes;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The platform worker pool starts threads only when all are busy, queues beyond its size, and lets idle ones go. */
class ElasticWorkerPoolTest {

    @Test
    void oneCallAtATimeNeedsOneThreadHoweverManyCallsThereAre() throws Exception {
        ElasticWorkerPool pool = new ElasticWorkerPool(200, 60, TimeUnit.SECONDS, Executors.defaultThreadFactory());
        try {
            Set<Thread> used = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 300; i++) {
                pool.submit(() -> used.add(Thread.currentThread())).get(10, TimeUnit.SECONDS);
                // the thread that ran it is back waiting for work before the next call comes
                waitUntil(() -> pool.getActiveCount() == 0);
            }
            assertEquals(1, used.size(), "threads used for 300 calls one after another");
            assertEquals(1, pool.getPoolSize());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void busyThreadsMakeItGrowUpToItsSizeAndTheRestWaitTheirTurn() throws Exception {
        ElasticWorkerPool pool = new ElasticWorkerPool(4, 60, TimeUnit.SECONDS, Executors.defaultThreadFactory());
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(10);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            for (int i = 0; i < 10; i++) {
                pool.execute(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    await(release);
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            waitUntil(() -> running.get() == 4);
            assertEquals(4, pool.getPoolSize());
            assertEquals(6, pool.getQueue().size(), "calls waiting for a thread");
            release.countDown();
            assertTrue(done.await(10, TimeUnit.SECONDS), "every queued call ran");
            assertEquals(4, mostAtOnce.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void idleThreadsEndAfterTheKeepAliveAndAShutPoolRefusesWork() throws Exception {
        ElasticWorkerPool pool = new ElasticWorkerPool(8, 100, TimeUnit.MILLISECONDS, Executors.defaultThreadFactory());
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 5; i++) {
            pool.execute(() -> await(release));
        }
        waitUntil(() -> pool.getActiveCount() == 5);
        assertEquals(5, pool.getPoolSize());
        release.countDown();
        waitUntil(() -> pool.getPoolSize() == 0);
        pool.shutdown();
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> pool.execute(() -> { }));
    }

    /** A task's body: holds its thread until the test lets it go. */
    private static void await(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached in 10 s");
            Thread.sleep(5);
        }
    }
}
