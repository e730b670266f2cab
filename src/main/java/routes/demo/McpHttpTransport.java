package routes.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The server side of the MCP streamable HTTP transport (2025-03-26, 2025-06-18, 2025-11-25),
 * independent of any HTTP library: a request (method, header lookup, body) goes in, a reply
 * (status, the exact response headers, body) comes out. Keeping it free of Camel lets the same
 * rules serve the netty-http demo routes and anything else that can carry bytes.
 */
public final class McpHttpTransport {

    public static final String SESSION_HEADER = "Mcp-Session-Id";
    public static final String PROTOCOL_VERSION_HEADER = "MCP-Protocol-Version";
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /** One HTTP request; {@code header} looks a header up by name, case-insensitively, or returns null. */
    public record Request(String method, UnaryOperator<String> header, byte[] body) {
    }

    /** One HTTP response; {@code headers} are all the headers to send, nothing else may be added. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final McpServerDefinition definition;
    private final McpMethods methods;
    private final McpSessions sessions = new McpSessions();
    private volatile boolean sseResponses;

    public McpHttpTransport(McpServerDefinition definition) {
        this.definition = definition;
        this.methods = new McpMethods(definition);
    }

    /** When true, every request from a client that accepts SSE is answered as an SSE stream. */
    public void sseResponses(boolean enabled) {
        this.sseResponses = enabled;
    }

    public McpServerDefinition definition() {
        return definition;
    }

    /** Number of live sessions, for tests and diagnostics. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Forgets all sessions, as a restart of the server process would. */
    public void forgetSessions() {
        sessions.clear();
    }

    public Reply handle(Request request) {
        if (!originAllowed(request.header().apply("Origin"))) {
            return transportError(403, McpError.INVALID_REQUEST, "Forbidden: Origin not allowed");
        }
        return switch (request.method() == null ? "" : request.method()) {
            case "POST" -> post(request);
            case "DELETE" -> delete(request);
            // No standalone stream: the server never sends anything unrelated to a request.
            default -> new Reply(405, Map.of("Allow", "POST, DELETE"), new byte[0]);
        };
    }

    private Reply post(Request request) {
        JsonNode message;
        try {
            message = mapper.readTree(request.body() == null ? new byte[0] : request.body());
        } catch (java.io.IOException e) {
            return transportError(400, McpError.PARSE_ERROR, "Parse error: body is not JSON");
        }
        if (message == null || message.isMissingNode()) {
            return transportError(400, McpError.PARSE_ERROR, "Parse error: empty body");
        }
        if (message.isArray()) {
            return transportError(400, McpError.INVALID_REQUEST, "Invalid Request: JSON-RPC batches are not supported");
        }
        if (!JsonRpc.isWellFormed(message)) {
            return transportError(400, McpError.INVALID_REQUEST, "Invalid Request: not a JSON-RPC 2.0 message");
        }
        boolean acceptsSse = accepts(request, "text/event-stream");
        if (JsonRpc.isRequest(message) && "initialize".equals(message.get("method").asText())) {
            return initialize(message, acceptsSse);
        }
        String sessionId = request.header().apply(SESSION_HEADER);
        if (sessionId == null || sessionId.isBlank()) {
            return transportError(400, McpError.INVALID_REQUEST, "Bad Request: " + SESSION_HEADER + " header is required");
        }
        var session = sessions.find(sessionId).orElse(null);
        if (session == null) {
            return transportError(404, -32001, "Session not found");
        }
        String version = request.header().apply(PROTOCOL_VERSION_HEADER);
        if (version != null && !McpMethods.SUPPORTED_VERSIONS.contains(version)) {
            return transportError(400, McpError.INVALID_REQUEST,
                    "Bad Request: unsupported " + PROTOCOL_VERSION_HEADER + " " + version);
        }
        if (!JsonRpc.isRequest(message)) {
            return new Reply(202, Map.of(), new byte[0]);
        }
        return answer(message, session, acceptsSse);
    }

    private Reply initialize(JsonNode message, boolean acceptsSse) {
        JsonNode id = message.get("id");
        String version;
        try {
            version = McpMethods.negotiate(message.path("params"));
        } catch (McpError e) {
            return json(200, JsonRpc.error(id, e.code(), e.getMessage(), e.data()), Map.of());
        }
        var session = sessions.open(version);
        ObjectNode response = JsonRpc.result(id, methods.initializeResult(version));
        Map<String, String> headers = Map.of(SESSION_HEADER, session.id());
        return sseResponses && acceptsSse ? sse(List.of(response), headers) : json(200, response, headers);
    }

    private Reply answer(JsonNode message, McpSessions.McpSession session, boolean acceptsSse) {
        JsonNode id = message.get("id");
        String method = message.get("method").asText();
        JsonNode params = message.path("params");
        JsonNode progressToken = params.path("_meta").get("progressToken");
        StreamingToolCall streaming = acceptsSse && progressToken != null && "tools/call".equals(method)
                ? new StreamingToolCall(progressToken, session.logLevel(), definition.name())
                : null;
        ObjectNode response;
        try {
            JsonNode result = methods.call(method, params, session,
                    streaming == null ? StreamingToolCall.DISCARD : streaming);
            response = JsonRpc.result(id, result);
        } catch (McpError e) {
            response = JsonRpc.error(id, e.code(), e.getMessage(), e.data());
        } catch (RuntimeException e) {
            response = JsonRpc.error(id, McpError.INTERNAL_ERROR, "Internal error in " + method, null);
        }
        if (streaming != null && response.has("result")) {
            List<ObjectNode> events = new ArrayList<>(streaming.notifications(params.path("name").asText()));
            events.add(response);
            return sse(events, Map.of());
        }
        return sseResponses && acceptsSse ? sse(List.of(response), Map.of()) : json(200, response, Map.of());
    }

    private Reply delete(Request request) {
        String sessionId = request.header().apply(SESSION_HEADER);
        if (sessionId == null || sessionId.isBlank()) {
            return transportError(400, McpError.INVALID_REQUEST, "Bad Request: " + SESSION_HEADER + " header is required");
        }
        return sessions.close(sessionId) ? new Reply(204, Map.of(), new byte[0])
                : transportError(404, -32001, "Session not found");
    }

    /**
     * DNS-rebinding defence: browsers always send Origin, so a page from another site that
     * resolves to 127.0.0.1 is refused. Clients that are not browsers send no Origin at all.
     */
    private static boolean originAllowed(String origin) {
        if (origin == null || origin.isBlank()) {
            return true;
        }
        try {
            String host = URI.create(origin.trim()).getHost();
            return host != null && LOCAL_HOSTS.contains(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean accepts(Request request, String mediaType) {
        String accept = request.header().apply("Accept");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains(mediaType);
    }

    private Reply transportError(int status, int code, String message) {
        return json(status, JsonRpc.error(null, code, message, null), Map.of());
    }

    private Reply json(int status, JsonNode body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("Content-Type", "application/json");
        try {
            return new Reply(status, Map.copyOf(headers), mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }

    private static Reply sse(List<ObjectNode> events, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("Content-Type", "text/event-stream");
        headers.put("Cache-Control", "no-cache");
        // Reverse proxies (nginx) must not hold the stream back.
        headers.put("X-Accel-Buffering", "no");
        return new Reply(200, Map.copyOf(headers), SseFrames.of(events).getBytes(StandardCharsets.UTF_8));
    }
}
