package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.FailureCategory;
import routes.kernel.Pipeline;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A streamable-HTTP backend session's standalone GET stream (MCP 2025-03-26 and later): what the
 * backend sends between requests (list_changed, resources/updated, logging, requests of its own)
 * reaches the session's {@link BackendListener} as it comes, without polling. Runs on a thread of
 * {@link BackendEventStreams} for the session's life, through the outbound pipeline like every
 * message. A backend that offers no stream (405, or no event stream) is not asked again; one that
 * drops it gets it back, with {@code Last-Event-ID}, after its {@code retry} time, or after an
 * exponential backoff (capped) when reconnecting fails. A stream that was merely quiet for the
 * backend's whole timeout (the HTTP step's read timeout cuts it) is taken up again at once. When
 * a backend that served the stream answers 404 (it restarted and forgot the session), the session
 * is told, so it can start anew, stream included, without waiting for a call.
 *
 * <p>The backend's requests: ping is answered here; any other goes to the listener, and if the
 * listener does not take it, the backend gets -32601 so it never waits for an answer.
 *
 * <p>A 2026-07-28 backend has no GET stream: its equivalent is a {@code subscriptions/listen}
 * POST whose answer streams (made by an {@link Opener} of {@link ModernHttpSession}); it has no
 * session to lose and no resumption, and is read and taken up again the same way.
 */
final class BackendEventStream implements EventStreamListener {

    private static final Logger LOG = LoggerFactory.getLogger(BackendEventStream.class);

    static final long FIRST_BACKOFF_MILLIS = 1000;
    static final long MAX_BACKOFF_MILLIS = 30_000;
    /** A stream that lived this long was a working stream, not a failed attempt. */
    private static final long HEALTHY_MILLIS = 1000;
    /** How long close() waits for the thread to finish (an aborted read ends at once). */
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private enum Outcome { STOP, ENDED, FAILED }

    /** Makes the request that opens the stream, reading into {@code events}; {@code lastEventId} may be null. */
    @FunctionalInterface
    interface Opener {
        OutboundRequest open(EventStreamListener events, String lastEventId);
    }

    private final BackendSpec spec;
    private final OutboundSender sender;
    private final CallerIdentity caller;
    private final Pipeline.Purpose purpose;
    /** The session the stream belongs to, or null for a 2026-07-28 backend (which has none). */
    private final BackendSession.State state;
    private final Opener opener;
    private final String owner;
    private final BackendListener listener;
    private final Runnable sessionLost;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Runnable> abort = new AtomicReference<>();
    private volatile Thread thread;
    private volatile String lastEventId;
    private volatile long retryMillis = -1;
    private volatile long openedNanos;
    private volatile boolean delivered;
    private volatile long retryAfterMillis;
    /** The backend served this stream at least once: a 404 then means the session is gone, not "no stream here". */
    private volatile boolean everOpened;
    private volatile boolean lostSession;

    /**
     * @param caller who the stream is opened for (the session's opener, without a trace)
     * @param state  the initialized session the stream belongs to
     * @param owner  the session's owner, handed to the listener with every message
     * @param sessionLost run (on the stream's thread, as it ends) when the backend no longer knows the session
     */
    BackendEventStream(BackendSpec spec, OutboundSender sender, CallerIdentity caller, Pipeline.Purpose purpose,
                       BackendSession.State state, String owner, BackendListener listener, Runnable sessionLost) {
        this(spec, sender, caller, purpose, state, null, owner, listener, sessionLost);
    }

    /** A stream without a session (2026-07-28), opened by {@code opener}. */
    BackendEventStream(BackendSpec spec, OutboundSender sender, CallerIdentity caller, Pipeline.Purpose purpose,
                       Opener opener, String owner, BackendListener listener) {
        this(spec, sender, caller, purpose, null, opener, owner, listener, () -> { });
    }

    private BackendEventStream(BackendSpec spec, OutboundSender sender, CallerIdentity caller, Pipeline.Purpose purpose,
                               BackendSession.State state, Opener opener, String owner, BackendListener listener,
                               Runnable sessionLost) {
        this.spec = spec;
        this.sender = sender;
        this.caller = caller;
        this.purpose = purpose;
        this.state = state;
        this.opener = opener != null ? opener : this::get;
        this.owner = owner;
        this.listener = listener;
        this.sessionLost = sessionLost;
    }

    /** The stream's whole life, on its own thread; returns when closed or not to be asked again. */
    void run() {
        thread = Thread.currentThread();
        long backoff = FIRST_BACKOFF_MILLIS;
        boolean lost = false;
        try {
            while (!stopped()) {
                long wait;
                switch (connect()) {
                    case STOP -> {
                        lost = lostSession;
                        return;
                    }
                    case ENDED -> {
                        backoff = FIRST_BACKOFF_MILLIS;
                        wait = Math.max(retryMillis, 0);
                    }
                    default -> {
                        // jitter, so that the streams of many sessions do not come back in step
                        wait = Math.max(Math.max(retryMillis, retryAfterMillis),
                                backoff + ThreadLocalRandom.current().nextLong(backoff / 4 + 1));
                        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                    }
                }
                if (stop.await(wait, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
            if (lost && !stopped()) {
                sessionLost.run();
            }
        }
    }

    /** Ends the stream and its connection; waits briefly for its thread, so nothing outlives the session. */
    void close() {
        stop.countDown();
        Runnable a = abort.get();
        if (a != null) {
            a.run();
        }
        if (thread != null && Thread.currentThread() != thread) {
            try {
                finished.await(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether its thread has finished (for tests and the pool's count). */
    boolean finished() {
        return finished.getCount() == 0;
    }

    private boolean stopped() {
        return stop.getCount() == 0;
    }

    /** The session's standalone GET stream, resumed after {@code resumeAfter} when there is one. */
    private OutboundRequest get(EventStreamListener events, String resumeAfter) {
        OutboundRequest get = OutboundRequest.eventStream(spec, caller, purpose, spec.url(), events);
        get.headers().put("Accept", "text/event-stream");
        get.headers().put("MCP-Protocol-Version", state.protocolVersion());
        if (state.sessionId() != null) {
            get.headers().put("Mcp-Session-Id", state.sessionId());
        }
        if (resumeAfter != null && !resumeAfter.isEmpty()) {
            get.headers().put("Last-Event-ID", resumeAfter);
        }
        return get;
    }

    /** One connection, read to its end. */
    private Outcome connect() {
        openedNanos = 0;
        delivered = false;
        retryAfterMillis = 0;
        OutboundRequest get = opener.open(this, lastEventId);
        // an uncompressed stream can be aborted from another thread; a gzip one only drained
        get.headers().put("Accept-Encoding", "identity");
        try {
            BackendReply reply = sender.send(get);
            if (reply.ok() && openedNanos == 0) {
                LOG.info("Backend '{}' answered its event-stream GET with HTTP {} and no stream; not asked again for this session",
                        spec.name(), reply.status());
                return Outcome.STOP;
            }
            if (reply.ok()) {
                return healthy() ? Outcome.ENDED : Outcome.FAILED;
            }
            return refused(reply);
        } catch (BackendResponseDecoder.NotAnEventStream e) {
            LOG.info("Backend '{}' {}; no event stream for this session", spec.name(), reasonOf(e));
            return Outcome.STOP;
        } catch (RuntimeException e) {
            if (stopped()) {
                return Outcome.STOP;
            }
            boolean quiet = e instanceof BackendException be && be.category() == FailureCategory.TIMEOUT && openedNanos != 0;
            LOG.debug("Event stream of backend '{}' ended ({}); reconnecting", spec.name(),
                    quiet ? "quiet for " + spec.timeout().toMillis() + " ms" : e.getMessage());
            return quiet || healthy() ? Outcome.ENDED : Outcome.FAILED;
        } finally {
            abort.set(null);
        }
    }

    /**
     * Was this connection a working stream: open for a while, or one the backend asked to be
     * called back on (SSE polling: an event, then a close with {@code retry})?
     */
    private boolean healthy() {
        long opened = openedNanos;
        return opened != 0 && (System.nanoTime() - opened >= TimeUnit.MILLISECONDS.toNanos(HEALTHY_MILLIS)
                || delivered && retryMillis >= 0);
    }

    private Outcome refused(BackendReply reply) {
        int status = reply.status();
        if (status == 405) {
            // the spec's way of saying: no standalone stream here
            LOG.debug("Backend '{}' offers no event stream (HTTP 405)", spec.name());
            return Outcome.STOP;
        }
        if (status == 404) {
            // after a stream was served: the session is gone (a restart), and the session starts
            // anew; before: this backend has no stream to offer, as with 405
            lostSession = everOpened && state != null;
            return Outcome.STOP;
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            LOG.info("Backend '{}' refused its event stream with HTTP {}; not asked again for this session", spec.name(), status);
            return Outcome.STOP;
        }
        retryAfterMillis = retryAfterMillis(reply.retryAfter());
        LOG.debug("Backend '{}' answered its event stream with HTTP {}; trying again later", spec.name(), status);
        return Outcome.FAILED;
    }

    @Override
    public void opened(Runnable streamAbort) {
        openedNanos = System.nanoTime();
        everOpened = true;
        abort.set(streamAbort);
        if (stopped()) {
            streamAbort.run();
        }
    }

    @Override
    public void endpoint(String uri) {
        // a legacy SSE event; means nothing on a streamable-HTTP stream
    }

    @Override
    public void position(String eventId, long retry) {
        if (eventId != null && !eventId.equals(lastEventId)) {
            lastEventId = eventId;
            delivered = true;
        }
        if (retry >= 0) {
            retryMillis = retry;
        }
    }

    @Override
    public void message(JsonNode message) {
        delivered = true;
        try {
            if (JsonRpc.isRequest(message)) {
                request(message);
            } else if (JsonRpc.isNotification(message)) {
                listener.message(owner, spec, message, this::answer);
            } else {
                LOG.debug("Backend '{}' sent a response on its event stream, which answers nothing; dropped", spec.name());
            }
        } catch (RuntimeException e) {
            // whoever could not take it, the stream goes on for the messages after it
            LOG.debug("Message from backend '{}' not delivered: {}", spec.name(), e.toString());
        }
    }

    /** Ping is the gateway's to answer; anything else the listener's, or -32601 so the backend never waits. */
    private void request(JsonNode request) {
        String method = request.path("method").asText("");
        if ("ping".equals(method)) {
            answer(JsonRpc.result(request.get("id"), Json.object()));
            return;
        }
        boolean taken = false;
        try {
            taken = listener.message(owner, spec, request, this::answer);
        } catch (RuntimeException e) {
            LOG.debug("Request {} from backend '{}' not delivered: {}", method, spec.name(), e.toString());
        }
        if (!taken) {
            answer(JsonRpc.error(request.get("id"), JsonRpc.METHOD_NOT_FOUND, "the gateway does not relay " + method
                    + " to its clients"));
        }
    }

    /** POSTs a JSON-RPC response to the backend, in the stream's session. Best effort. */
    private void answer(JsonNode response) {
        if (state == null) {
            // 2026-07-28 asks for input in results, not by requests; a request here has no session to be answered in
            return;
        }
        OutboundRequest post = new OutboundRequest(spec, caller, purpose, OutboundRequest.Method.POST, spec.url(),
                Json.bytes(response), null, null, null, false);
        post.headers().put("Content-Type", "application/json");
        post.headers().put("Accept", "application/json, text/event-stream");
        post.headers().put("MCP-Protocol-Version", state.protocolVersion());
        if (state.sessionId() != null) {
            post.headers().put("Mcp-Session-Id", state.sessionId());
        }
        try {
            sender.send(post);
        } catch (RuntimeException e) {
            LOG.debug("Answer to a request of backend '{}' not sent: {}", spec.name(), e.getMessage());
        }
    }

    /** Retry-After in seconds (the HTTP-date form is rare from an API; it is ignored). */
    private static long retryAfterMillis(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Math.min(TimeUnit.SECONDS.toMillis(Long.parseLong(header.trim())), MAX_BACKOFF_MILLIS);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String reasonOf(BackendException e) {
        String prefix = "backend '" + e.backend() + "' ";
        String m = e.getMessage();
        return m != null && m.startsWith(prefix) ? m.substring(prefix.length()) : String.valueOf(m);
    }
}
