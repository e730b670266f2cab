package routes.demo;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * A Camel processor that makes the route it sits in an MCP server: put it behind an HTTP
 * consumer (netty-http, platform-http) on the MCP endpoint path and it answers POST, GET and
 * DELETE per the streamable HTTP transport. Reads {@code CamelHttpMethod}, the request headers
 * and the body; leaves the status in {@code CamelHttpResponseCode}, the response headers, and
 * the body as bytes.
 *
 * <p>All inbound headers are removed before the reply headers are set: HTTP consumers copy
 * message headers into the response, and the client's own {@code Mcp-Session-Id}, {@code Accept}
 * or {@code Authorization} must never come back to it.
 */
public final class McpServerEngine implements Processor {

    private final McpHttpTransport transport;

    public McpServerEngine(McpServerDefinition definition) {
        this.transport = new McpHttpTransport(definition);
    }

    /** Answer with SSE streams (when the client accepts them) instead of plain JSON. */
    public McpServerEngine sseResponses(boolean enabled) {
        transport.sseResponses(enabled);
        return this;
    }

    /** The HTTP-library-neutral core, for callers that are not Camel routes. */
    public McpHttpTransport transport() {
        return transport;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        McpHttpTransport.Request request = new McpHttpTransport.Request(
                message.getHeader(Exchange.HTTP_METHOD, String.class),
                name -> message.getHeader(name, String.class),
                message.getBody(byte[].class));
        McpHttpTransport.Reply reply = transport.handle(request);

        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        reply.headers().forEach(message::setHeader);
        message.setBody(reply.body());
    }
}
