package routes.backend;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ends backend answers still being read when their call's deadline has passed, or their client
 * went away. One sweep every
 * {@link #TICK_MILLIS} over the answers in flight, not a timer task per call: registering is a map
 * put and a remove, cheap on the request path, and a deadline is kept within one tick. The sweeps
 * run only while an answer is watched, so an idle gateway is not woken ten times a second.
 */
public final class CallDeadlines {

    static final long TICK_MILLIS = 100;

    /** One answer being read; {@link #close()} when done. */
    public final class Watch implements AutoCloseable {
        private final long key;
        private volatile long deadlineMillis;
        private final long limitMillis;
        private final Runnable onExpiry;
        private final Cancellation cancellation;
        private final AtomicBoolean expired = new AtomicBoolean();

        private Watch(long key, long deadlineMillis, long limitMillis, Runnable onExpiry, Cancellation cancellation) {
            this.key = key;
            this.deadlineMillis = deadlineMillis;
            this.limitMillis = Math.max(deadlineMillis, limitMillis);
            this.onExpiry = onExpiry;
            this.cancellation = cancellation;
        }

        /**
         * The backend showed progress: the deadline moves to {@code untilMillis}, never past the
         * limit set when the watch began (nor back).
         */
        public void extend(long untilMillis) {
            long next = Math.min(untilMillis, limitMillis);
            if (next > deadlineMillis) {
                deadlineMillis = next;
            }
        }

        /** Whether a progress notification moved the deadline. */
        public boolean extended(long originalMillis) {
            return deadlineMillis > originalMillis;
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
    private final ScheduledExecutorService sweeper;
    /** Whether the next sweep is scheduled (or running); only the one that sets it schedules one. */
    private final AtomicBoolean sweeping = new AtomicBoolean();

    public CallDeadlines(ScheduledExecutorService sweeper) {
        this.sweeper = sweeper;
    }

    /**
     * @param deadlineMillis when (epoch millis) the answer must have been read
     * @param onExpiry       cuts the answer off (closes its stream), run once, on the sweeper's thread
     */
    public Watch watch(long deadlineMillis, Runnable onExpiry) {
        return watch(deadlineMillis, deadlineMillis, onExpiry, null);
    }

    /**
     * As {@link #watch(long, Runnable)}, and each sweep also asks whether the call's client has
     * gone (a closed connection is not noticed otherwise until the answer is written).
     */
    public Watch watch(long deadlineMillis, Runnable onExpiry, Cancellation cancellation) {
        return watch(deadlineMillis, deadlineMillis, onExpiry, cancellation);
    }

    /** As above, with a deadline that {@link Watch#extend} may move up to {@code limitMillis}. */
    public Watch watch(long deadlineMillis, long limitMillis, Runnable onExpiry, Cancellation cancellation) {
        Watch w = new Watch(keys.incrementAndGet(), deadlineMillis, limitMillis, onExpiry, cancellation);
        watched.put(w.key, w);
        if (!sweeping.get()) {
            scheduleSweep();
        }
        return w;
    }

    /** Whether a sweep is scheduled: false once nothing has been watched for a tick. */
    boolean sweeping() {
        return sweeping.get();
    }

    private void sweep() {
        try {
            sweepOnce();
        } finally {
            sweeping.set(false);
            // a watch that came while the flag was still set did not schedule: this sweep does
            if (!watched.isEmpty()) {
                scheduleSweep();
            }
        }
    }

    private void scheduleSweep() {
        if (sweeping.compareAndSet(false, true)) {
            try {
                sweeper.schedule(this::sweep, TICK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // the gateway is stopping: its answers end with it
                sweeping.set(false);
            }
        }
    }

    private void sweepOnce() {
        long now = System.currentTimeMillis();
        for (Watch w : watched.values()) {
            if (w.cancellation != null) {
                w.cancellation.checkClient();
            }
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
