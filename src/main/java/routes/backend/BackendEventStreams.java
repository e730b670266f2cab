package routes.backend;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.kernel.BackendSpec;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * Where streamable-HTTP sessions' standalone GET streams ({@link BackendEventStream}) run, and
 * which sessions get one. Each open stream blocks a thread in its read (the HTTP step is blocking
 * I/O) and holds a pooled connection to its backend: measured (bench/BackendStreamsCost, 400
 * streams) at one thread, about 120 KB of committed thread memory, 50 KB of heap and 175 KB of
 * RSS per stream; 200 clients x 5 backends would be 1000 threads and 170 MB. So they are opened
 * only where what arrives can go somewhere (the {@code wanted} rule: the gateway's own catalog sessions, for
 * list_changed; a client's sessions while that client holds a GET stream of its own to relay to),
 * and never more than {@code max} at once: past it a session simply has no stream, as with a
 * backend that offers none (its messages about requests still come on the requests' answers).
 */
public final class BackendEventStreams {

    private static final Logger LOG = LoggerFactory.getLogger(BackendEventStreams.class);

    /** Never opens a stream: for clients that only probe, and for tests. */
    public static final BackendEventStreams NONE = new BackendEventStreams(0, (owner, spec) -> false);

    private final ThreadPoolExecutor threads;
    private final int max;
    private final BiPredicate<String, BackendSpec> wanted;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean full = new AtomicBoolean();

    /**
     * @param max    how many streams may be open at once
     * @param wanted whether a session of this owner with this backend should have a stream
     */
    public BackendEventStreams(int max, BiPredicate<String, BackendSpec> wanted) {
        // threads of its own, not a Camel pool: with tracing on, those hand the submitting call's
        // trace context to the task, and a stream outlives the call that opened it. The count of
        // open streams bounds it (a thread just finishing a stream may still be on its way back);
        // idle threads go after a minute
        AtomicInteger names = new AtomicInteger();
        this.threads = max <= 0 ? null : new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "caravan-backend-events-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.max = max;
        this.wanted = wanted;
    }

    /** Lets the idle threads go at shutdown, after the sessions (and so their streams) were closed. */
    public void shutdown() {
        if (threads != null) {
            threads.shutdown();
        }
    }

    /** Streams open (or reconnecting) now. */
    public int open() {
        return open.get();
    }

    /** Starts the stream a newly initialized session should have; null when it should have none. */
    BackendEventStream start(String owner, BackendSpec spec, Supplier<BackendEventStream> make) {
        if (threads == null || !wanted.test(owner, spec)) {
            return null;
        }
        return open(make);
    }

    /**
     * Starts a stream the client asked for (its resource subscriptions with a 2026-07-28 backend),
     * whether or not it listens now, within the same maximum; null when none may open.
     */
    BackendEventStream startAsked(Supplier<BackendEventStream> make) {
        return threads == null ? null : open(make);
    }

    private BackendEventStream open(Supplier<BackendEventStream> make) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            if (full.compareAndSet(false, true)) {
                LOG.warn("{} backend event streams are open, the most allowed (caravan.backend.event-streams.max);"
                        + " new backend sessions get none until some close", max);
            }
            return null;
        }
        full.set(false);
        BackendEventStream stream = make.get();
        try {
            threads.execute(() -> {
                try {
                    stream.run();
                } finally {
                    open.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down (the count keeps the pool below its bound otherwise)
            open.decrementAndGet();
            return null;
        }
        return stream;
    }
}
