package routes.mcp;

import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.protocol.JsonRpc;

/**
 * GET /mcp: opens the session's server-to-client SSE stream, where list_changed and other
 * notifications not tied to a request arrive. platform-http runs each request on a worker thread
 * and ends the response when the route returns, so this step holds its thread until the client
 * goes away, the session ends, or the stream reaches its maximum age (the client then reconnects).
 */
public final class McpServerStream implements Processor {

    private final long maxStreamMillis;
    private final int maxStreamsPerSession;

    public McpServerStream(long maxStreamMillis, int maxStreamsPerSession) {
        this.maxStreamMillis = maxStreamMillis;
        this.maxStreamsPerSession = maxStreamsPerSession;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        McpSession session = McpExchange.session(exchange);
        HttpServerResponse response = exchange.getProperty(McpExchange.HTTP_RESPONSE, HttpServerResponse.class);
        session.streams().removeIf(s -> !s.isOpen());
        if (session.streams().size() >= maxStreamsPerSession) {
            HttpReply.reject(exchange, 409, JsonRpc.INVALID_REQUEST,
                    "Conflict: this session already has " + maxStreamsPerSession + " open GET stream(s)");
            return;
        }
        ClientStream stream = new ClientStream(response, "g" + Long.toHexString(System.nanoTime()));
        stream.start(session.id());
        session.addStream(stream);
        try {
            stream.awaitClose(maxStreamMillis);
        } finally {
            session.removeStream(stream);
            stream.end();
            exchange.getMessage().getHeaders().clear();
            exchange.getMessage().setBody(null);
        }
    }
}
