package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import routes.backend.BackendClient;
import routes.catalog.Catalog;
import routes.catalog.CatalogEntry;
import routes.catalog.CatalogStore;
import routes.protocol.Json;
import routes.protocol.JsonRpc;
import routes.protocol.McpHeaders;
import routes.protocol.ProtocolVersions;

import java.util.Optional;
import java.util.Set;

/**
 * First step of a 2026-07-28 (stateless) POST, after {@link McpRequestDecoder} recognised it. It
 * checks what that revision asks of every request, in the order that tells the client most: the
 * {@code _meta} fields (-32602), the mirrored headers against the body (-32020), the version
 * (-32022 with the versions we speak), then the method (404 + -32601 for methods this revision
 * removed or nobody serves). A tools/call's {@code Mcp-Param-*} headers are checked against its
 * arguments where the tool's schema marks them ({@link ToolParamHeaders}). Every rejection is HTTP 400/404 and carries the request's id. Any
 * {@code Mcp-Session-Id} the client sent is ignored.
 *
 * <p>A request that passes gets a per-request {@link McpSession#stateless stateless context} in
 * {@link McpExchange#SESSION} (its backend calls share the owner {@link #OWNER}), the reserved
 * {@code _meta} keys taken out of the body (they describe the client, not the call) and
 * {@link McpExchange#METHOD} set. A retry's {@code requestState} must be one the gateway issued
 * for the backend that serves the request ({@link RequestStates}); the backend gets its own back.
 */
public final class ModernRequest implements Processor {

    /** Boolean exchange property: the POST is a 2026-07-28 request (set by the decoder). */
    public static final String MODERN = "mcpModern";
    /** The backend-session owner of stateless clients' calls; client session ids are hex, so never this. */
    public static final String OWNER = BackendClient.STATELESS;
    /** String exchange property: the tool or prompt name, or resource URI, the request names (if any). */
    public static final String NAME = "mcpModernName";

    static final String VERSION_KEY = "io.modelcontextprotocol/protocolVersion";
    static final String CLIENT_INFO_KEY = "io.modelcontextprotocol/clientInfo";
    static final String CAPABILITIES_KEY = "io.modelcontextprotocol/clientCapabilities";
    static final String LOG_LEVEL_KEY = "io.modelcontextprotocol/logLevel";

    /** What a stateless client may call here; everything else is 404 + -32601. */
    private static final Set<String> SERVED = Set.of("server/discover", "subscriptions/listen", "tools/list", "tools/call",
            "prompts/list", "prompts/get", "resources/list", "resources/read", "resources/templates/list",
            "completion/complete");
    private static final Set<String> NAMED = Set.of("tools/call", "prompts/get", "resources/read");
    private static final Set<String> LOG_LEVELS =
            Set.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    private final CatalogStore catalogs;
    private final RequestStates states;

    public ModernRequest(CatalogStore catalogs, RequestStates states) {
        this.catalogs = catalogs;
        this.states = states;
    }

    /**
     * Whether a decoded POST is a 2026-07-28 request: its {@code _meta} names a version, or its
     * MCP-Protocol-Version header names a modern one, or a version no handshake gave it (no session).
     */
    static boolean applies(Message in, JsonNode body) {
        if (body.path("params").path("_meta").has(VERSION_KEY)) {
            return true;
        }
        String header = in.getHeader("MCP-Protocol-Version", String.class);
        if (header == null) {
            return false;
        }
        String session = in.getHeader("Mcp-Session-Id", String.class);
        return ProtocolVersions.isModern(header) || !ProtocolVersions.isLegacy(header) && (session == null || session.isBlank());
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        JsonNode msg = in.getBody(JsonNode.class);
        JsonNode id = msg.get("id");
        if (!msg.has("method")) {
            HttpReply.reject(exchange, 400, JsonRpc.INVALID_REQUEST,
                    "Invalid Request: a 2026-07-28 client sends no JSON-RPC responses", id);
            return;
        }
        String method = msg.get("method").asText();
        if (id == null) {
            // this revision defines no client notifications over HTTP: accepted and ignored
            HttpReply.empty(exchange, 202, null);
            exchange.setRouteStop(true);
            return;
        }
        JsonNode meta = msg.path("params").path("_meta");
        String metaProblem = metaProblem(meta);
        if (metaProblem != null) {
            HttpReply.reject(exchange, 400, JsonRpc.INVALID_PARAMS, "Invalid params: " + metaProblem, id);
            return;
        }
        String version = meta.get(VERSION_KEY).asText();
        String header = in.getHeader("MCP-Protocol-Version", String.class);
        String mismatch = headerProblem(in, msg, method, header, version);
        if (mismatch != null) {
            HttpReply.reject(exchange, 400, JsonRpc.HEADER_MISMATCH, "Header mismatch: " + mismatch, id);
            return;
        }
        if (!ProtocolVersions.isModern(version)) {
            unsupported(exchange, id, version);
            return;
        }
        if (!SERVED.contains(method)) {
            String why = Set.of("initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe")
                    .contains(method) ? " (removed in 2026-07-28)" : "";
            HttpReply.reject(exchange, 404, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method + why, id);
            return;
        }
        String level = meta.path(LOG_LEVEL_KEY).asText(null);
        if (level != null && !LOG_LEVELS.contains(level)) {
            HttpReply.reject(exchange, 400, JsonRpc.INVALID_PARAMS, "Invalid params: _meta." + LOG_LEVEL_KEY + " must be one of "
                    + LOG_LEVELS, id);
            return;
        }
        JsonNode state = msg.path("params").get("requestState");
        if (state != null) {
            RequestStates.Unwrapped inner = state.isTextual() ? states.unwrap(state.asText()) : null;
            if (inner == null) {
                HttpReply.reject(exchange, 400, JsonRpc.INVALID_PARAMS,
                        "Invalid params: requestState was not issued by this gateway, or was altered", id);
                return;
            }
            if (!inner.backend().equals(owner(method, msg.path("params")))) {
                HttpReply.reject(exchange, 400, JsonRpc.INVALID_PARAMS,
                        "Invalid params: requestState belongs to another request; start the request over", id);
                return;
            }
            ((ObjectNode) msg.get("params")).put("requestState", inner.state());
        }
        exchange.setProperty(McpExchange.SESSION, McpSession.stateless(OWNER, version, meta.path(CLIENT_INFO_KEY),
                meta.get(CAPABILITIES_KEY), level));
        exchange.setProperty(McpExchange.METHOD, method);
        JsonNode name = msg.path("params").path("resources/read".equals(method) ? "uri" : "name");
        if (name.isTextual()) {
            exchange.setProperty(NAME, name.asText());
        }
        in.setBody(withoutClientMeta(msg));
    }

    /** The backend that serves what the request names, or null. */
    private String owner(String method, JsonNode params) {
        Catalog catalog = catalogs.catalog();
        Optional<CatalogEntry> entry = switch (method) {
            case "tools/call" -> catalog.tool(params.path("name").asText());
            case "prompts/get" -> catalog.prompt(params.path("name").asText());
            case "resources/read" -> Optional.ofNullable(UriTemplates.owner(catalog, params.path("uri").asText()));
            default -> Optional.empty();
        };
        return entry.map(CatalogEntry::backend).orElse(null);
    }

    /** Why {@code _meta} lacks what every request must carry (clientInfo is only a SHOULD), or null. */
    private static String metaProblem(JsonNode meta) {
        if (!meta.isObject()) {
            return "params._meta is required (with " + VERSION_KEY + " and " + CAPABILITIES_KEY + ")";
        }
        if (!meta.path(VERSION_KEY).isTextual()) {
            return "params._meta." + VERSION_KEY + " (a string) is required";
        }
        if (!meta.path(CAPABILITIES_KEY).isObject()) {
            return "params._meta." + CAPABILITIES_KEY + " (an object) is required";
        }
        return null;
    }

    /** Which mirrored header is missing or differs from the body, or null when all match. */
    private String headerProblem(Message in, JsonNode msg, String method, String header, String version) {
        if (header == null) {
            return "the MCP-Protocol-Version header is required";
        }
        if (!header.equals(version)) {
            return "MCP-Protocol-Version header '" + header + "' does not match _meta." + VERSION_KEY + " '" + version + "'";
        }
        String mcpMethod = in.getHeader("Mcp-Method", String.class);
        if (mcpMethod == null) {
            return "the Mcp-Method header is required";
        }
        if (!mcpMethod.equals(method)) {
            return "Mcp-Method header value '" + mcpMethod + "' does not match body value '" + method + "'";
        }
        if (!NAMED.contains(method)) {
            return null;
        }
        JsonNode bodyName = msg.path("params").path("resources/read".equals(method) ? "uri" : "name");
        String raw = in.getHeader("Mcp-Name", String.class);
        if (raw == null) {
            return bodyName.isTextual() ? "the Mcp-Name header is required for " + method : null;
        }
        String name = McpHeaders.decode(raw);
        if (name == null) {
            return "the Mcp-Name header has characters a header value cannot carry, or broken Base64";
        }
        if (!bodyName.isTextual() || !name.equals(bodyName.asText())) {
            return "Mcp-Name header value '" + raw + "' does not match body value '" + bodyName.asText("") + "'";
        }
        if (!"tools/call".equals(method)) {
            return null;
        }
        JsonNode tool = catalogs.catalog().tool(name).map(e -> e.definition()).orElse(null);
        return tool == null ? null : ToolParamHeaders.problem(tool.get("inputSchema"), msg.path("params").path("arguments"),
                h -> in.getHeader(h, String.class));
    }

    static void unsupported(Exchange exchange, JsonNode id, String requested) {
        ObjectNode data = Json.object();
        ProtocolVersions.ALL.forEach(data.putArray("supported")::add);
        data.put("requested", requested);
        HttpReply.json(exchange, 400, JsonRpc.error(id, JsonRpc.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version: "
                + requested, data), null);
        exchange.setRouteStop(true);
    }

    /**
     * The message with the client-describing {@code _meta} keys taken out (they are not part of the
     * call), except the client's capabilities: a 2026-07-28 backend may ask this client for input
     * only within them.
     */
    private static JsonNode withoutClientMeta(JsonNode msg) {
        ObjectNode copy = ((ObjectNode) msg).deepCopy();
        ObjectNode meta = (ObjectNode) copy.path("params").path("_meta");
        meta.remove(VERSION_KEY);
        meta.remove(CLIENT_INFO_KEY);
        meta.remove(LOG_LEVEL_KEY);
        if (meta.isEmpty()) {
            ((ObjectNode) copy.get("params")).remove("_meta");
        }
        return copy;
    }
}
