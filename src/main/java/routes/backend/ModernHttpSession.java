package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.Pipeline;
import routes.protocol.Json;
import routes.protocol.JsonRpc;
import routes.protocol.McpHeaders;
import routes.protocol.ProtocolVersions;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The gateway's connection to a backend that speaks MCP 2026-07-28: no session and no initialize;
 * server/discover gives what initialize gave, and every request carries the version, the
 * gateway's client info and capabilities in {@code _meta} and the mirrored headers (Mcp-Method,
 * Mcp-Name, and Mcp-Param-* for the tool arguments the backend's own tools/list marked). A
 * 2026-07-28 client's capabilities travel with its request (the front door leaves them in
 * {@code _meta}), so the backend may answer it {@code input_required}, which goes back to that
 * client; for anyone else the gateway declares none, and a result that asks for input anyway
 * fails with an error that says so.
 */
final class ModernHttpSession implements BackendSession {

    private static final String ACCEPT = "application/json, text/event-stream";
    private static final String VERSION = ProtocolVersions.V2026_07_28;
    private static final String CAPABILITIES_KEY = "io.modelcontextprotocol/clientCapabilities";

    private final BackendSpec spec;
    private final OutboundSender sender;
    private final Pipeline.Purpose purpose;
    private final AtomicLong ids = new AtomicLong();
    /** Tool name → input schema, for the backend's tools whose schema marks arguments to mirror in headers. */
    private final Map<String, JsonNode> headerTools;
    private volatile State state;

    /**
     * @param discover    the probe's discover result to start from, or null to ask on first use
     * @param headerTools where the backend's tools with x-mcp-header arguments are kept (one map per backend)
     */
    ModernHttpSession(BackendSpec spec, OutboundSender sender, Pipeline.Purpose purpose, JsonNode discover,
                      Map<String, JsonNode> headerTools) {
        this.spec = spec;
        this.headerTools = headerTools;
        this.sender = sender;
        this.purpose = purpose;
        this.state = discover == null ? null : state(discover);
    }

    @Override
    public BackendSpec spec() {
        return spec;
    }

    @Override
    public State state(CallerIdentity caller) {
        State s = state;
        if (s == null) {
            s = state(send(caller, "server/discover", Json.object(), null));
            state = s;
        }
        return s;
    }

    @Override
    public JsonNode call(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink,
                         Cancellation cancellation) {
        state(caller);
        JsonNode result = send(caller, method, params, sink, cancellation);
        boolean clientCanAnswer = params != null && params.path("_meta").has(CAPABILITIES_KEY);
        if ("input_required".equals(result.path("resultType").asText()) && !clientCanAnswer) {
            throw new BackendException(spec.name(), "asked for input from the client (elicitation, sampling or roots) to answer "
                    + method + ", which the gateway does not relay yet");
        }
        if ("tools/list".equals(method)) {
            remember(result.path("tools"));
        }
        return result;
    }

    /**
     * A 2026-07-28 backend keeps no session, so there is nothing to tell it between requests (no
     * log level, no roots change) and it sends no requests to answer: the message is dropped.
     */
    @Override
    public void send(CallerIdentity caller, ObjectNode message) {
        // nothing to deliver it to
    }

    @Override
    public void close() {
        // nothing to end: there is no session
    }

    private JsonNode send(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink) {
        return send(caller, method, params, sink, null);
    }

    /** With a cancellation: the revision's cancel is closing the answer's stream, which the decoder does. */
    private JsonNode send(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink,
                          Cancellation cancellation) {
        JsonNode id = McpClientMessages.id(ids.incrementAndGet());
        OutboundRequest req = request(spec, caller, purpose, id, method, params, sink).cancellation(cancellation);
        if ("tools/call".equals(method)) {
            JsonNode schema = headerTools.get(params.path("name").asText());
            if (schema != null) {
                req.headers().putAll(McpHeaders.params(schema, params.path("arguments")));
            }
        }
        BackendReply reply = sender.send(req);
        if (!reply.ok() && (reply.message() == null || !reply.message().has("error"))) {
            throw new BackendException(spec.name(), "answered " + method + " with HTTP " + reply.status(),
                    reply.status(), reply.retryAfter(), null);
        }
        return McpClientMessages.result(spec, reply.message(), method);
    }

    /** One 2026-07-28 request: the params with the gateway's _meta, and the headers that mirror the body. */
    static OutboundRequest request(BackendSpec spec, CallerIdentity caller, Pipeline.Purpose purpose, JsonNode id, String method,
                                   JsonNode params, Consumer<JsonNode> sink) {
        ObjectNode p = params == null || !params.isObject() ? Json.object() : ((ObjectNode) params).deepCopy();
        ObjectNode meta = p.has("_meta") && p.get("_meta").isObject() ? (ObjectNode) p.get("_meta") : p.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "caravan").put("version", Caravan.VERSION);
        if (!meta.path(CAPABILITIES_KEY).isObject()) {
            // the gateway's own (and a legacy client's) calls declare nothing: it cannot relay input requests
            meta.putObject(CAPABILITIES_KEY);
        }
        OutboundRequest req = new OutboundRequest(spec, caller, purpose, OutboundRequest.Method.POST, spec.url(),
                Json.bytes(JsonRpc.request(id, method, p)), id, method, sink, false);
        req.headers().put("Content-Type", "application/json");
        req.headers().put("Accept", ACCEPT);
        req.headers().put("MCP-Protocol-Version", VERSION);
        req.headers().put("Mcp-Method", method);
        String field = McpHeaders.nameField(method);
        if (field != null && p.path(field).isTextual()) {
            req.headers().put("Mcp-Name", McpHeaders.encode(p.get(field).asText()));
        }
        return req;
    }

    /** Keeps the schemas of the tools that mark arguments for Mcp-Param-* headers (shared by the backend's sessions). */
    private void remember(JsonNode tools) {
        for (JsonNode tool : tools) {
            JsonNode schema = tool.path("inputSchema");
            if (schema.toString().contains("\"x-mcp-header\"")) {
                headerTools.put(tool.path("name").asText(), schema);
            } else {
                headerTools.remove(tool.path("name").asText());
            }
        }
    }

    private static State state(JsonNode discover) {
        JsonNode info = discover.path("_meta").path("io.modelcontextprotocol/serverInfo");
        return new State(null, VERSION, discover.path("capabilities"), info.isMissingNode() ? discover.path("serverInfo") : info);
    }
}
