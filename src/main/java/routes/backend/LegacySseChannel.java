package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.FailureCategory;
import routes.kernel.Pipeline;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One legacy HTTP+SSE connection to a backend (MCP 2024-11-05): the GET event stream, read to its
 * end on a thread of its own through the outbound pipeline, and the message endpoint it announced.
 * Requests are POSTed there and their responses matched by id as they arrive on the stream, so
 * many callers share one channel. When the stream ends, every waiting caller fails at once; the
 * channel is then dead and {@link LegacySseSession} opens a new one.
 *
 * <p>The HTTP step gives every read the backend's timeout, so a stream without an event for that
 * long is cut. A second thread therefore pings the backend whenever the stream has been quiet for
 * a third of it (the answer is an event): the stream stays open, and so notifications such as
 * list_changed arrive even between requests. If the backend stops answering, the cut ends the
 * channel like any other break.
 */
final class LegacySseChannel implements EventStreamListener {

    private static final Logger LOG = LoggerFactory.getLogger(LegacySseChannel.class);

    /** The request never reached the backend's session, so sending it again on a new channel is safe. */
    static final class NotDelivered extends BackendException {
        NotDelivered(String backend, String reason) {
            super(backend, reason);
        }

        NotDelivered(String backend, FailureCategory category, String clientReason, String reason, Throwable cause) {
            super(backend, category, clientReason, reason, cause);
        }
    }

    /**
     * Why the channel ended; each waiting caller gets its own exception built from it.
     *
     * @param reason       for the log; may name the backend's URL or origin
     * @param category     set with clientReason, when the reason names something a client must not see
     * @param clientReason what a client is told instead, or null when the reason names nothing internal
     */
    private record Ended(String reason, int httpStatus, String retryAfter, Throwable cause, FailureCategory category,
                         String clientReason) {

        Ended(String reason, int httpStatus, String retryAfter, Throwable cause) {
            this(reason, httpStatus, retryAfter, cause, null, null);
        }

        /** The exception a caller gets, with {@code suffix} after the reason (" before answering tools/call"). */
        BackendException exception(String backend, String suffix) {
            if (clientReason == null) {
                return new BackendException(backend, reason + suffix, httpStatus, retryAfter, cause);
            }
            return new BackendException(backend, category, clientReason + suffix, reason + suffix, cause);
        }
    }

    private final BackendSpec spec;
    private final OutboundSender sender;
    private final CallerIdentity streamCaller;
    private final Pipeline.Purpose purpose;
    private final AtomicLong ids;
    private final long timeoutNanos;
    private final CompletableFuture<URI> endpoint = new CompletableFuture<>();
    private final PendingCalls pending;
    private final BackendListener listener;
    private final String owner;
    private final AtomicReference<Ended> ended = new AtomicReference<>();
    private final AtomicReference<Runnable> abort = new AtomicReference<>();
    private final Thread reader;
    private final Thread keeper;
    private volatile boolean closing;
    private volatile long lastEventNanos = System.nanoTime();
    private volatile URI messageEndpoint;
    private volatile BackendSession.State state;

    /**
     * Starts reading the stream.
     *
     * @param streamCaller who the GET, pings and replies to the backend's requests are sent for
     * @param purpose      why the session's messages are sent
     * @param owner        the session's owner, handed to the listener with what it hears
     * @param ids          the session's id counter: ids never repeat across its channels
     */
    LegacySseChannel(BackendSpec spec, OutboundSender sender, CallerIdentity streamCaller, Pipeline.Purpose purpose,
                     BackendListener listener, String owner, AtomicLong ids) {
        this.spec = spec;
        this.sender = sender;
        this.streamCaller = streamCaller;
        this.purpose = purpose;
        this.ids = ids;
        this.timeoutNanos = spec.timeout().toNanos();
        this.pending = new PendingCalls(spec, listener, owner);
        this.listener = listener;
        this.owner = owner;
        this.reader = new Thread(this::read, "caravan-sse-" + spec.name());
        this.keeper = new Thread(this::keepAlive, "caravan-sse-ping-" + spec.name());
        reader.setDaemon(true);
        keeper.setDaemon(true);
        reader.start();
        keeper.start();
    }

    /** Waits for the endpoint event; on failure the channel is ended and the reason thrown. */
    void awaitEndpoint() {
        try {
            endpoint.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            fail(new Ended("sent no endpoint event within " + spec.timeout().toMillis() + " ms", 0, null, null));
        } catch (ExecutionException e) {
            // the reader has recorded why
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new Ended("was still opening its event stream when the caller was interrupted", 0, null, e));
        }
        Ended why = ended.get();
        if (why != null) {
            throw exception(why);
        }
    }

    BackendSession.State state() {
        return state;
    }

    void initialized(BackendSession.State settled) {
        state = settled;
    }

    /** Open and announced; says nothing about whether the backend still answers. */
    boolean isOpen() {
        return ended.get() == null && messageEndpoint != null;
    }

    /**
     * Sends a request and waits for its response (the whole JSON-RPC message, which may be an
     * error). A progress token in the params is replaced by one of ours, so that the backend's
     * progress notifications find this caller among all those sharing the stream.
     */
    JsonNode request(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink) {
        long id = ids.incrementAndGet();
        JsonNode idNode = McpClientMessages.id(id);
        PendingCalls.Call call = pending.add(id, params, sink);
        try {
            Ended why = ended.get();
            if (why != null) {
                throw why.clientReason() == null ? new NotDelivered(spec.name(), why.reason())
                        : new NotDelivered(spec.name(), why.category(), why.clientReason(), why.reason(), why.cause());
            }
            BackendReply reply;
            try {
                reply = post(caller, JsonRpc.request(idNode, method, call.sentParams()), idNode, method);
            } catch (BackendException e) {
                // a POST that broke with the stream: the stream's end is the reason worth telling
                Ended broke = ended.get();
                throw broke != null ? unanswered(broke, method) : e;
            }
            if (reply.status() == 404) {
                // the backend forgot the session (restart, expiry): this stream is worthless now
                fail(new Ended("no longer knows the session (HTTP 404)", 404, null, null));
                throw new NotDelivered(spec.name(), "no longer knows the session (HTTP 404)");
            }
            if (!reply.ok()) {
                throw new BackendException(spec.name(), "answered " + method + " with HTTP " + reply.status(),
                        reply.status(), reply.retryAfter(), null);
            }
            return await(call, method);
        } finally {
            pending.remove(id);
        }
    }

    /** Sends a notification; the backend must accept it. */
    void notify(CallerIdentity caller, String method) {
        send(caller, JsonRpc.notification(method, null));
    }

    /** Posts a message that needs no answer (a notification, or a response to the backend's request). */
    void send(CallerIdentity caller, ObjectNode message) {
        String method = message.path("method").asText("response");
        BackendReply reply = post(caller, message, null, method);
        if (!reply.ok()) {
            throw new BackendException(spec.name(), "refused " + method + " with HTTP " + reply.status(),
                    reply.status(), reply.retryAfter(), null);
        }
    }

    /** Ends the stream, frees its thread and connection, and fails every caller still waiting. */
    void close() {
        closing = true;
        end(new Ended("session was closed", 0, null, null));
        Runnable a = abort.get();
        if (a != null) {
            a.run();
        }
        try {
            // the abort makes the read fail at once; a GET still connecting ends within its timeout
            if (Thread.currentThread() != reader) {
                reader.join(spec.timeout().toMillis() + 1000);
            }
            if (Thread.currentThread() != keeper) {
                keeper.join(spec.timeout().toMillis() + 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void opened(Runnable streamAbort) {
        lastEventNanos = System.nanoTime();
        abort.set(streamAbort);
        if (closing || ended.get() != null) {
            streamAbort.run();
        }
    }

    @Override
    public void endpoint(String raw) {
        lastEventNanos = System.nanoTime();
        if (endpoint.isDone()) {
            return;
        }
        URI resolved;
        try {
            resolved = spec.url().resolve(raw);
        } catch (IllegalArgumentException e) {
            fail(new Ended("announced a message endpoint that is not a URL", 0, null, null));
            return;
        }
        if (!EndpointOrigin.same(spec.url(), resolved)) {
            // the origins are the gateway's side of things: the log names them, a client does not
            fail(new Ended("announced its message endpoint on another origin (" + EndpointOrigin.of(resolved)
                    + ") than its event stream (" + EndpointOrigin.of(spec.url()) + "); refused", 0, null, null,
                    FailureCategory.PROTOCOL, "announced its message endpoint on another origin than its event stream; refused"));
            return;
        }
        messageEndpoint = resolved;
        endpoint.complete(resolved);
    }

    @Override
    public void message(JsonNode message) {
        lastEventNanos = System.nanoTime();
        if (JsonRpc.isResponse(message)) {
            pending.answer(message);
        } else if (JsonRpc.isRequest(message)) {
            answerBackendRequest(message);
        } else if (JsonRpc.isNotification(message)) {
            pending.notification(message);
        }
    }

    /** The reader thread: the whole life of the GET stream. */
    private void read() {
        Ended why;
        try {
            OutboundRequest get = OutboundRequest.eventStream(spec, streamCaller, purpose, spec.url(), this);
            get.headers().put("Accept", "text/event-stream");
            // an uncompressed stream can be aborted from another thread; a gzip one only drained
            get.headers().put("Accept-Encoding", "identity");
            BackendReply reply = sender.send(get);
            if (!reply.ok()) {
                why = new Ended("refused the event stream with HTTP " + reply.status(), reply.status(), reply.retryAfter(), null);
            } else {
                why = new Ended(endpoint.isDone() ? "closed its event stream"
                        : "closed its event stream before announcing the message endpoint", 0, null, null);
            }
        } catch (RuntimeException e) {
            why = lost(e);
        }
        boolean wasOpen = messageEndpoint != null;
        end(why);
        if (!closing && wasOpen) {
            LOG.info("Event stream of backend '{}' ended ({}); the next call opens a new session",
                    spec.name(), ended.get().reason());
        }
    }

    private Ended lost(RuntimeException e) {
        boolean idle = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            idle |= t instanceof SocketTimeoutException;
        }
        BackendException be = e instanceof BackendException b ? b : null;
        String detail = be != null ? reasonOf(be.getMessage(), be) : "event stream failed: " + e.getClass().getSimpleName();
        // the pipeline's reason may name the URL (unreachable at ...): the client gets its client message's
        String client = be != null ? reasonOf(be.clientMessage(), be) : detail;
        FailureCategory category = be != null ? be.category() : FailureCategory.UNKNOWN;
        if (!endpoint.isDone() && !idle) {
            // could not open at all: the pipeline's reason (unreachable, TLS, ...) says it best
            return new Ended(detail, 0, null, e, category, client);
        }
        String quiet = "no event for " + spec.timeout().toMillis() + " ms";
        return new Ended("lost its event stream (" + (idle ? quiet : detail) + ")", 0, null, e, category,
                "lost its event stream (" + (idle ? quiet : client) + ")");
    }

    private void fail(Ended why) {
        end(why);
        Runnable a = abort.get();
        if (a != null) {
            a.run();
        }
    }

    private void end(Ended why) {
        ended.compareAndSet(null, why);
        keeper.interrupt();
        Ended first = ended.get();
        endpoint.completeExceptionally(exception(first));
        pending.failAll(exception(first));
    }

    private JsonNode await(PendingCalls.Call call, String method) {
        try {
            return call.answer().get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new BackendException(spec.name(), "did not answer " + method + " within " + spec.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            Ended why = ended.get();
            throw why != null ? unanswered(why, method)
                    : new BackendException(spec.name(), "failed to answer " + method, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(spec.name(), "was still answering " + method + " when the caller was interrupted");
        }
    }

    /** The keeper thread: a ping (not waited for) whenever the stream has been quiet for a third of the timeout. */
    private void keepAlive() {
        long quiet = Math.max(1, timeoutNanos / 3);
        long lastPing = System.nanoTime();
        while (ended.get() == null) {
            long wait = Math.max(lastEventNanos, lastPing) + quiet - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            lastPing = System.nanoTime();
            if (messageEndpoint == null) {
                continue;
            }
            try {
                JsonNode id = McpClientMessages.id(ids.incrementAndGet());
                post(streamCaller, JsonRpc.request(id, "ping", null), id, "ping");
            } catch (RuntimeException e) {
                LOG.debug("Keep-alive ping to backend '{}' failed: {}", spec.name(), e.getMessage());
            }
        }
    }

    /** The gateway answers ping itself; any other request is the listener's, or gets -32601 if it does not take it. */
    private void answerBackendRequest(JsonNode request) {
        JsonNode id = request.get("id");
        String method = request.path("method").asText("");
        boolean taken = false;
        if (!"ping".equals(method)) {
            try {
                taken = listener.message(owner, spec, request, this::answer);
            } catch (RuntimeException e) {
                LOG.debug("Request {} from backend '{}' not delivered: {}", method, spec.name(), e.toString());
            }
        }
        if (taken) {
            return;
        }
        ObjectNode answer = "ping".equals(method) ? JsonRpc.result(id, Json.object())
                : JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "the gateway does not relay " + method + " to its clients");
        try {
            post(streamCaller, answer, null, null);
        } catch (RuntimeException e) {
            LOG.debug("Answer to {} from backend '{}' not sent: {}", method, spec.name(), e.getMessage());
        }
    }

    /** Posts an answer to a request the backend sent on the stream, for the stream's caller. Best effort. */
    private void answer(ObjectNode response) {
        try {
            post(streamCaller, response, null, null);
        } catch (RuntimeException e) {
            LOG.debug("Answer to a request of backend '{}' not sent: {}", spec.name(), e.getMessage());
        }
    }

    private BackendReply post(CallerIdentity caller, ObjectNode message, JsonNode id, String rpcMethod) {
        URI target = messageEndpoint;
        if (target == null) {
            throw new NotDelivered(spec.name(), "has not announced its message endpoint");
        }
        OutboundRequest req = OutboundRequest.postForStatus(spec, caller, purpose, target, Json.bytes(message), id, rpcMethod);
        req.headers().put("Content-Type", "application/json");
        return sender.send(req);
    }

    private BackendException unanswered(Ended why, String method) {
        return why.exception(spec.name(), " before answering " + method);
    }

    private BackendException exception(Ended why) {
        return why.exception(spec.name(), "");
    }

    /** A BackendException's message (the log's or the client's) without the "backend 'x' " prefix. */
    private static String reasonOf(String message, BackendException e) {
        String prefix = "backend '" + e.backend() + "' ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : String.valueOf(message);
    }
}
