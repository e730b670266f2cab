package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

/**
 * Writes the front door's HTTP answers. Every answer starts from an empty header set: request
 * headers left on the message would otherwise leak back to the client (platform-http copies every
 * non-Camel header into the response).
 */
public final class HttpReply {

    private HttpReply() {
    }

    public static void json(Exchange exchange, int status, JsonNode body, String sessionId) {
        Message m = reset(exchange, status, sessionId);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setBody(Buffer.buffer(Json.bytes(body)));
    }

    /**
     * A rate-limited call's error as ToolHive sends it: HTTP 429 with {@code Retry-After}. Only for a
     * single message (a batch's array mixes answers, and the rate-limit step sets
     * {@link McpExchange#RETRY_AFTER} on the batch item, not on the request).
     *
     * @return false, and nothing written, when the reply is not a rate-limit refusal
     */
    public static boolean rateLimited(Exchange exchange, JsonNode reply, String sessionId) {
        Long retryAfter = exchange.getProperty(McpExchange.RETRY_AFTER, Long.class);
        if (retryAfter == null || reply.path("error").path("code").asInt() != McpRateLimit.CODE) {
            return false;
        }
        json(exchange, 429, reply, sessionId);
        exchange.getMessage().setHeader("Retry-After", retryAfter);
        return true;
    }

    public static void empty(Exchange exchange, int status, String sessionId) {
        Message m = reset(exchange, status, sessionId);
        m.setBody(null);
    }

    /** An HTTP-level rejection with a JSON-RPC error body without id, as the transport allows. */
    public static void reject(Exchange exchange, int status, int code, String message) {
        reject(exchange, status, code, message, null);
    }

    /** The same, answering the request's id when it could be read (JSON-RPC: null only when it could not). */
    public static void reject(Exchange exchange, int status, int code, String message, JsonNode id) {
        json(exchange, status, JsonRpc.error(id, code, message), null);
        exchange.setRouteStop(true);
    }

    private static Message reset(Exchange exchange, int status, String sessionId) {
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (sessionId != null) {
            m.setHeader("Mcp-Session-Id", sessionId);
        }
        return m;
    }
}
