package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import routes.kernel.CallerIdentity;
import routes.protocol.JsonRpc;
import routes.protocol.ProtocolVersions;

import java.util.Locale;

/**
 * The step after incoming-auth on every /mcp request: the transport rules that do not depend on the
 * body. A session is looked up for the caller incoming-auth decided: one opened by another
 * identity is not found (404), exactly like one that never existed. Origin
 * (403), Accept (406) and Content-Type (415); for GET and DELETE also the session (400/404) and the
 * protocol-version header (400), or 405 when that header says 2026-07-28 (no GET stream, no
 * session). A rejected request is answered here and goes no further.
 *
 * <p>Leaves {@link McpExchange#HTTP_RESPONSE}, {@link McpExchange#ACCEPTS_SSE} and, for GET and
 * DELETE, {@link McpExchange#SESSION}.
 */
public final class McpTransportGuard implements Processor {

    private final OriginPolicy origins;
    private final SessionStore sessions;

    public McpTransportGuard(OriginPolicy origins, SessionStore sessions) {
        this.origins = origins;
        this.sessions = sessions;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        if (in instanceof HttpMessage http) {
            exchange.setProperty(McpExchange.HTTP_RESPONSE, http.getResponse());
        }
        String origin = in.getHeader("Origin", String.class);
        if (!origins.allows(origin)) {
            HttpReply.reject(exchange, 403, JsonRpc.INVALID_REQUEST, "Forbidden: Origin '" + origin + "' is not allowed");
            return;
        }
        String accept = lower(in.getHeader("Accept", String.class));
        boolean sse = accept.contains("text/event-stream") || accept.contains("*/*");
        boolean json = accept.isEmpty() || accept.contains("application/json") || accept.contains("*/*")
                || accept.contains("application/*");
        exchange.setProperty(McpExchange.ACCEPTS_SSE, sse);
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        if (!"POST".equals(method) && ProtocolVersions.isModern(in.getHeader("MCP-Protocol-Version", String.class))) {
            // 2026-07-28 has no GET stream and no session to DELETE
            HttpReply.empty(exchange, 405, null);
            in.setHeader("Allow", "POST");
            exchange.setRouteStop(true);
            return;
        }
        switch (method) {
            case "POST" -> {
                String type = lower(in.getHeader(Exchange.CONTENT_TYPE, String.class));
                if (!type.startsWith("application/json")) {
                    HttpReply.reject(exchange, 415, JsonRpc.INVALID_REQUEST,
                            "Unsupported Media Type: POST bodies must be application/json");
                } else if (!json && !sse) {
                    HttpReply.reject(exchange, 406, JsonRpc.INVALID_REQUEST,
                            "Not Acceptable: Accept must allow application/json and text/event-stream");
                }
            }
            case "GET" -> {
                if (!accept.contains("text/event-stream")) {
                    HttpReply.reject(exchange, 406, JsonRpc.INVALID_REQUEST,
                            "Not Acceptable: a GET stream needs Accept: text/event-stream");
                } else {
                    requireSession(exchange, in);
                }
            }
            default -> requireSession(exchange, in);
        }
    }

    /** GET and DELETE act on an existing session. */
    private void requireSession(Exchange exchange, Message in) {
        McpSession session = resolveSession(exchange, in, sessions, null);
        if (session != null) {
            exchange.setProperty(McpExchange.SESSION, session);
        }
    }

    /**
     * The session named by the request, with its protocol-version header checked; or null after
     * answering 400 (no id, bad version) or 404 (unknown or ended).
     *
     * @param requestId the JSON-RPC id of the request being answered, or null (a GET, a DELETE, a batch)
     */
    static McpSession resolveSession(Exchange exchange, Message in, SessionStore sessions, JsonNode requestId) {
        String id = in.getHeader("Mcp-Session-Id", String.class);
        if (id == null || id.isBlank()) {
            HttpReply.reject(exchange, 400, JsonRpc.INVALID_REQUEST, "Bad Request: Mcp-Session-Id header is required", requestId);
            return null;
        }
        McpSession session = sessions.find(id, principal(exchange));
        if (session == null) {
            HttpReply.reject(exchange, 404, JsonRpc.INVALID_REQUEST, "Session not found: it ended or never existed; initialize again",
                    requestId);
            return null;
        }
        String version = in.getHeader("MCP-Protocol-Version", String.class);
        if (version != null && !ProtocolVersions.isSupported(version)) {
            HttpReply.reject(exchange, 400, JsonRpc.INVALID_REQUEST, "Bad Request: unsupported MCP-Protocol-Version '"
                    + version + "' (supported: " + String.join(", ", ProtocolVersions.SUPPORTED) + ")", requestId);
            return null;
        }
        return session;
    }

    /** The principal incoming-auth decided for this request (every anonymous caller is one). */
    static String principal(Exchange exchange) {
        CallerIdentity caller = exchange.getProperty(CallerIdentity.PROPERTY, CallerIdentity.class);
        return caller == null ? null : caller.principal();
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
