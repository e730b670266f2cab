package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.auth.CallerIdentity;
import routes.mcp.Json;
import routes.mcp.JsonRpc;
import routes.mcp.ProtocolVersions;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The gateway's MCP session with one backend over streamable HTTP: initialized lazily on first
 * use, re-initialized once when the backend says the session is gone (404), ended with DELETE.
 * Shared by every client with the same outbound identity, so it is thread-safe.
 */
final class BackendSession {

    private static final String ACCEPT = "application/json, text/event-stream";

    private final BackendSpec spec;
    private final OutboundSender sender;
    private final AtomicLong ids = new AtomicLong();
    private volatile State state;

    /** What initialize settled; replaced as a whole on re-initialize. */
    record State(String sessionId, String protocolVersion, JsonNode serverCapabilities, JsonNode serverInfo) {
    }

    BackendSession(BackendSpec spec, OutboundSender sender) {
        this.spec = spec;
        this.sender = sender;
    }

    BackendSpec spec() {
        return spec;
    }

    /** The initialized state, initializing first if needed. */
    State state(CallerIdentity caller) {
        State s = state;
        return s != null ? s : initialize(caller, null);
    }

    /** Sends one request and returns its result; JSON-RPC errors become BackendRpcException. */
    JsonNode call(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink) {
        State s = state(caller);
        BackendReply reply = send(caller, s, method, params, sink);
        if (reply.status() == 404 && s.sessionId() != null) {
            // the backend forgot us (restart, expiry): the spec says start a new session
            reply = send(caller, initialize(caller, s), method, params, sink);
        }
        return resultOf(reply, method);
    }

    /** Ends the backend session if the backend gave us one; failures are not the caller's concern. */
    void close() {
        State s = state;
        state = null;
        if (s != null && s.sessionId() != null) {
            try {
                OutboundRequest req = new OutboundRequest(spec, CallerIdentity.GATEWAY, OutboundRequest.Method.DELETE, spec.url(), null,
                        null, null, null, false);
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
        ObjectNode params = Json.object().put("protocolVersion", ProtocolVersions.LATEST);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "caravan").put("version", Caravan.VERSION);
        JsonNode id = Json.MAPPER.getNodeFactory().numberNode(ids.incrementAndGet());
        OutboundRequest req = new OutboundRequest(spec, caller, OutboundRequest.Method.POST, spec.url(),
                Json.bytes(JsonRpc.request(id, "initialize", params)), id, "initialize", null, false);
        req.headers().put("Content-Type", "application/json");
        req.headers().put("Accept", ACCEPT);
        BackendReply reply = sender.send(req);
        JsonNode result = resultOf(reply, "initialize");
        String version = result.path("protocolVersion").asText(ProtocolVersions.ASSUMED_WHEN_MISSING);
        State fresh = new State(reply.sessionId(), version, result.path("capabilities"), result.path("serverInfo"));
        OutboundRequest initialized = new OutboundRequest(spec, caller, OutboundRequest.Method.POST, spec.url(),
                Json.bytes(JsonRpc.notification("notifications/initialized", null)), null,
                "notifications/initialized", null, false);
        protocolHeaders(initialized, fresh);
        BackendReply ack = sender.send(initialized);
        if (!ack.ok()) {
            throw new BackendException(spec.name(), "refused notifications/initialized with HTTP " + ack.status(),
                    ack.status(), ack.retryAfter(), null);
        }
        state = fresh;
        return fresh;
    }

    private BackendReply send(CallerIdentity caller, State s, String method, JsonNode params, Consumer<JsonNode> sink) {
        JsonNode id = Json.MAPPER.getNodeFactory().numberNode(ids.incrementAndGet());
        OutboundRequest req = new OutboundRequest(spec, caller, OutboundRequest.Method.POST, spec.url(),
                Json.bytes(JsonRpc.request(id, method, params)), id, method, sink, false);
        protocolHeaders(req, s);
        return sender.send(req);
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
        JsonNode msg = reply.message();
        if (msg == null) {
            throw new BackendException(spec.name(), "sent no answer to " + method);
        }
        if (msg.has("error")) {
            JsonNode err = msg.get("error");
            throw new BackendRpcException(spec.name(), err.path("code").asInt(JsonRpc.INTERNAL_ERROR),
                    err.path("message").asText("error"), err.get("data"));
        }
        return msg.get("result");
    }
}
