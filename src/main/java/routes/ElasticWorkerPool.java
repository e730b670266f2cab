package routes;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Platform worker threads that exist only while they are needed: a new thread starts only when
 * every thread is busy (up to {@code max}; beyond it tasks wait in the queue, in order), and a
 * thread idle for the keep-alive ends. Vert.x's own pool is a fixed {@link ThreadPoolExecutor},
 * which starts a new thread for each of its first {@code max} tasks even when the others are idle:
 * ten clients leave 200 threads behind, each with the stack it touched resident.
 */
final class ElasticWorkerPool extends ThreadPoolExecutor {

    /** Tasks handed to the pool and not yet finished: queued or running. */
    private final AtomicInteger unfinished = new AtomicInteger();

    ElasticWorkerPool(int max, long keepAlive, TimeUnit unit, ThreadFactory threads) {
        super(0, max, keepAlive, unit, new GrowFirstQueue(), threads, ElasticWorkerPool::queueWhenFull);
        ((GrowFirstQueue) getQueue()).pool = this;
    }

    @Override
    public void execute(Runnable task) {
        unfinished.incrementAndGet();
        try {
            super.execute(task);
        } catch (RuntimeException e) {
            unfinished.decrementAndGet();
            throw e;
        }
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        unfinished.decrementAndGet();
    }

    /** All {@code max} threads busy (or one was just started by another caller): the task waits its turn. */
    private static void queueWhenFull(Runnable task, ThreadPoolExecutor pool) {
        if (pool.isShutdown()) {
            throw new RejectedExecutionException("the worker pool is shut down");
        }
        ((GrowFirstQueue) pool.getQueue()).enqueue(task);
    }

    /**
     * Refusing an offer is how a {@link ThreadPoolExecutor} is told to start a thread beyond its
     * core size: this queue refuses while no thread is idle and the pool may still grow.
     */
    private static final class GrowFirstQueue extends LinkedTransferQueue<Runnable> {

        private ElasticWorkerPool pool;

        @Override
        public boolean offer(Runnable task) {
            int threads = pool.getPoolSize();
            if (pool.unfinished.get() > threads && threads < pool.getMaximumPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        void enqueue(Runnable task) {
            super.offer(task);
        }
    }
}
