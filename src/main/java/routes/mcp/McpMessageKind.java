package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Names the message in the body for the method choice of {@code mcp-message}: its method, or
 * "response" for a client's answer to a server request. Keeps the message itself for the steps
 * that look at it once the body is the reply (audit).
 */
public final class McpMessageKind implements Processor {

    @Override
    public void process(Exchange exchange) {
        JsonNode msg = McpExchange.message(exchange);
        exchange.setProperty(McpExchange.REQUEST, msg);
        JsonNode method = msg.get("method");
        exchange.setProperty(McpExchange.METHOD, method == null ? "response" : method.asText());
    }
}
