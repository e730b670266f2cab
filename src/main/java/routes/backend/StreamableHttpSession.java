package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.FailureCategory;
import routes.kernel.Pipeline;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A backend session over streamable HTTP: initialized lazily on first use, re-initialized once
 * when the backend says the session is gone (404, or 400 from some servers), ended with DELETE. Each request is one POST
 * whose answer (JSON or an SSE stream) carries the response and the request's notifications; an SSE
 * answer the backend closes early is resumed ({@link AnswerResumption}). Once initialized, the
 * session may keep the backend's standalone GET stream open ({@link BackendEventStream}).
 */
final class StreamableHttpSession implements BackendSession {

    private static final String ACCEPT = "application/json, text/event-stream";

    private final BackendSpec spec;
    private final OutboundSender sender;
    private final Pipeline.Purpose purpose;
    private final AtomicLong ids = new AtomicLong();
    private volatile State state;
    /** Who opened the session; its DELETE is sent for them. */
    private volatile CallerIdentity opener = CallerIdentity.GATEWAY;

    /** Where a cancellation notice goes out, so the caller's error is not held by it. */
    private final Executor notices;
    private final ClientProfile profile;

    /** Starts the GET stream of a freshly initialized session, or not (returns null). */
    @FunctionalInterface
    interface EventStreams {
        EventStreams NONE = (state, opener, sessionLost) -> null;

        /** @param sessionLost what the stream runs when the backend no longer knows the session */
        BackendEventStream start(State state, CallerIdentity opener, Runnable sessionLost);
    }

    private final EventStreams events;
    private volatile BackendEventStream stream;
    private volatile boolean closed;

    StreamableHttpSession(BackendSpec spec, OutboundSender sender, Pipeline.Purpose purpose, Executor notices,
                          ClientProfile profile, EventStreams events) {
        this.spec = spec;
        this.sender = sender;
        this.purpose = purpose;
        this.notices = notices;
        this.profile = profile;
        this.events = events;
    }

    @Override
    public BackendSpec spec() {
        return spec;
    }

    @Override
    public State state(CallerIdentity caller) {
        State s = state;
        return s != null ? s : initialize(caller, null);
    }

    @Override
    public JsonNode call(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink,
                         Cancellation cancellation) {
        State s = state(caller);
        BackendReply reply = send(caller, s, method, params, sink, cancellation);
        if (s.sessionId() != null && (reply.status() == 404 || reply.status() == 400)) {
            // the backend forgot us (restart, expiry): the spec says 404, start a new session; some
            // servers (the TypeScript SDK's) answer 400 instead. Either way it did not run the request,
            // so sending it once more on a fresh session is safe
            reply = send(caller, initialize(caller, s), method, params, sink, cancellation);
        }
        return resultOf(reply, method);
    }

    @Override
    public void send(CallerIdentity caller, ObjectNode message) {
        String method = message.path("method").asText("response");
        CallerIdentity who = caller != null ? caller : opener;
        OutboundRequest req = new OutboundRequest(spec, who, purpose, OutboundRequest.Method.POST, spec.url(),
                Json.bytes(message), null, method, null, false);
        protocolHeaders(req, state(who));
        BackendReply reply = sender.send(req);
        if (!reply.ok()) {
            throw new BackendException(spec.name(), "refused " + method + " with HTTP " + reply.status(),
                    reply.status(), reply.retryAfter(), null);
        }
    }

    @Override
    public void close() {
        closed = true;
        // the stream first: the backend must not see it come back after the DELETE
        stopStream();
        State s = state;
        state = null;
        if (s != null && s.sessionId() != null) {
            try {
                OutboundRequest req = new OutboundRequest(spec, opener, Pipeline.Purpose.SESSION_CLOSE,
                        OutboundRequest.Method.DELETE, spec.url(), null, null, null, null, false);
                protocolHeaders(req, s);
                sender.send(req);
            } catch (RuntimeException ignored) {
                // a backend that is gone has ended the session already
            }
        }
    }

    private synchronized State initialize(CallerIdentity caller, State stale) {
        if (state != null && state != stale) {
            return state;
        }
        JsonNode id = McpClientMessages.id(ids.incrementAndGet());
        OutboundRequest req = new OutboundRequest(spec, caller, purpose, OutboundRequest.Method.POST, spec.url(),
                Json.bytes(JsonRpc.request(id, "initialize", McpClientMessages.initializeParams(profile.capabilities()))), id,
                "initialize", null, false);
        req.headers().put("Content-Type", "application/json");
        req.headers().put("Accept", ACCEPT);
        BackendReply reply = answered(req, sender.send(req), System.currentTimeMillis() + spec.timeout().toMillis());
        State fresh = McpClientMessages.state(reply.sessionId(), resultOf(reply, "initialize"));
        OutboundRequest initialized = new OutboundRequest(spec, caller, purpose, OutboundRequest.Method.POST, spec.url(),
                Json.bytes(JsonRpc.notification("notifications/initialized", null)), null,
                "notifications/initialized", null, false);
        protocolHeaders(initialized, fresh);
        BackendReply ack = sender.send(initialized);
        if (!ack.ok()) {
            throw new BackendException(spec.name(), "refused notifications/initialized with HTTP " + ack.status(),
                    ack.status(), ack.retryAfter(), null);
        }
        opener = caller.withoutTrace();
        applyLogLevel(caller, fresh);
        state = fresh;
        startStream(fresh);
        return fresh;
    }

    /** A level the client chose before this session started reaches the backend before its first request. */
    private void applyLogLevel(CallerIdentity caller, State fresh) {
        String level = profile.logLevel().get();
        if (level == null || !fresh.serverCapabilities().has("logging")) {
            return;
        }
        try {
            send(caller, fresh, "logging/setLevel", Json.object().put("level", level), null, null);
        } catch (BackendException e) {
            // the backend keeps its own level: its messages are still filtered at the client's level
        }
    }

    /** A new session, a new GET stream: the old one belonged to a session the backend has forgotten. */
    private void startStream(State fresh) {
        stopStream();
        if (!closed) {
            stream = events.start(fresh, opener, () -> renew(fresh));
            if (closed) {
                // close() ran meanwhile and did not see it
                stopStream();
            }
        }
    }

    @Override
    public synchronized void listen() {
        State s = state;
        // a session whose stream ended for good (a backend that offers none) keeps it as it is
        if (s != null && stream == null && !closed) {
            startStream(s);
        }
    }

    /** The backend forgot the session its stream belonged to: a new one, so the stream comes back without waiting for a call. */
    private void renew(State lost) {
        if (closed || state != lost) {
            return;
        }
        try {
            initialize(opener, lost);
        } catch (RuntimeException e) {
            // the next call tries again
        }
    }

    private void stopStream() {
        BackendEventStream es = stream;
        stream = null;
        if (es != null) {
            es.close();
        }
    }

    /** The reply that carries the response: an SSE answer that ended early is resumed first. */
    private BackendReply answered(OutboundRequest req, BackendReply reply, long deadline) {
        return reply.resume() == null ? reply : AnswerResumption.resume(sender, req, reply, deadline);
    }

    private BackendReply send(CallerIdentity caller, State s, String method, JsonNode params, Consumer<JsonNode> sink,
                              Cancellation cancellation) {
        JsonNode id = McpClientMessages.id(ids.incrementAndGet());
        OutboundRequest req = new OutboundRequest(spec, caller, purpose, OutboundRequest.Method.POST, spec.url(),
                Json.bytes(JsonRpc.request(id, method, params)), id, method, sink, false).cancellation(cancellation);
        protocolHeaders(req, s);
        long deadline = System.currentTimeMillis() + spec.timeout().toMillis();
        try {
            return answered(req, sender.send(req), deadline);
        } catch (BackendException e) {
            if (e.category() == FailureCategory.CANCELLED) {
                cancel(caller, s, id, cancellation.reason());
            } else if (e.category() == FailureCategory.TIMEOUT && purpose != Pipeline.Purpose.PROBE) {
                cancel(caller, s, id, e.clientMessage());
            }
            throw e;
        }
    }

    /**
     * The gateway gave up on a request (its timeout, or the client cancelled): the backend is told
     * (notifications/cancelled with the id it got), so it can stop the work nobody waits for. Best
     * effort, on the notices executor.
     */
    private void cancel(CallerIdentity caller, State s, JsonNode id, String reason) {
        ObjectNode params = Json.object();
        params.set("requestId", id);
        params.put("reason", reason);
        OutboundRequest notice = new OutboundRequest(spec, caller.withoutTrace(), purpose, OutboundRequest.Method.POST,
                spec.url(), Json.bytes(JsonRpc.notification("notifications/cancelled", params)), null,
                "notifications/cancelled", null, false);
        protocolHeaders(notice, s);
        notices.execute(() -> {
            try {
                sender.send(notice);
            } catch (RuntimeException ignored) {
                // a backend that cannot take the notice will not finish the request either
            }
        });
    }

    private void protocolHeaders(OutboundRequest req, State s) {
        req.headers().put("Content-Type", "application/json");
        req.headers().put("Accept", ACCEPT);
        req.headers().put("MCP-Protocol-Version", s.protocolVersion());
        if (s.sessionId() != null) {
            req.headers().put("Mcp-Session-Id", s.sessionId());
        }
    }

    private JsonNode resultOf(BackendReply reply, String method) {
        if (!reply.ok()) {
            throw new BackendException(spec.name(), "answered " + method + " with HTTP " + reply.status(),
                    reply.status(), reply.retryAfter(), null);
        }
        return McpClientMessages.result(spec, reply.message(), method);
    }
}
