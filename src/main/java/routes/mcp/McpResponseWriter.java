package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Last step of a POST: sends the reply in the body. When the answer already turned into an SSE
 * stream (a backend sent notifications first), the reply is the stream's last event and the
 * stream ends; otherwise it is one application/json body, or 202 when there is nothing to answer.
 */
public final class McpResponseWriter implements Processor {

    @Override
    public void process(Exchange exchange) {
        JsonNode reply = exchange.getMessage().getBody(JsonNode.class);
        McpSession session = McpExchange.session(exchange);
        String sessionId = session == null ? null : session.id();
        ClientStream stream = exchange.getProperty(McpExchange.STREAM, ClientStream.class);
        if (stream != null) {
            if (reply != null) {
                stream.send(reply);
            }
            stream.end();
            exchange.getMessage().getHeaders().clear();
            exchange.getMessage().setBody(null);
            return;
        }
        if (reply == null || reply.isArray() && reply.isEmpty()) {
            HttpReply.empty(exchange, 202, sessionId);
        } else if (!HttpReply.rateLimited(exchange, reply, sessionId)) {
            // a single request refused by policy is 403, as ToolHive's call gate answers it; a batch
            // (its items' properties reach this exchange through the split) stays 200
            boolean denied = !reply.isArray() && Boolean.TRUE.equals(exchange.getProperty(McpAuthorization.DENIED, Boolean.class));
            HttpReply.json(exchange, denied ? 403 : 200, reply, sessionId);
        }
    }
}
