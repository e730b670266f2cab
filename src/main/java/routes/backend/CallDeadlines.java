package routes.backend;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ends backend answers still being read when their call's deadline has passed. One sweep every
 * {@link #TICK_MILLIS} over the answers in flight, not a timer task per call: registering is a map
 * put and a remove, cheap on the request path, and a deadline is kept within one tick.
 */
public final class CallDeadlines {

    static final long TICK_MILLIS = 100;

    /** One answer being read; {@link #close()} when done. */
    public final class Watch implements AutoCloseable {
        private final long key;
        private final long deadlineMillis;
        private final Runnable onExpiry;
        private final AtomicBoolean expired = new AtomicBoolean();

        private Watch(long key, long deadlineMillis, Runnable onExpiry) {
            this.key = key;
            this.deadlineMillis = deadlineMillis;
            this.onExpiry = onExpiry;
        }

        /** Whether the deadline passed and the answer was cut off. */
        public boolean expired() {
            return expired.get();
        }

        @Override
        public void close() {
            watched.remove(key);
        }
    }

    private final Map<Long, Watch> watched = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();

    public CallDeadlines(ScheduledExecutorService sweeper) {
        sweeper.scheduleWithFixedDelay(this::sweep, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * @param deadlineMillis when (epoch millis) the answer must have been read
     * @param onExpiry       cuts the answer off (closes its stream), run once, on the sweeper's thread
     */
    public Watch watch(long deadlineMillis, Runnable onExpiry) {
        Watch w = new Watch(keys.incrementAndGet(), deadlineMillis, onExpiry);
        watched.put(w.key, w);
        return w;
    }

    private void sweep() {
        if (watched.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (Watch w : watched.values()) {
            if (now >= w.deadlineMillis && w.expired.compareAndSet(false, true)) {
                watched.remove(w.key);
                try {
                    w.onExpiry.run();
                } catch (RuntimeException e) {
                    // the stream is being cut off: whatever closing it throws changes nothing
                }
            }
        }
    }
}
