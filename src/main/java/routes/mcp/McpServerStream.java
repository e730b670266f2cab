package routes.mcp;

import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.backend.BackendClient;
import routes.protocol.JsonRpc;

/**
 * GET /mcp: opens the session's server-to-client SSE stream, where list_changed and other
 * notifications not tied to a request arrive, or resumes a stream of the session (a GET one, or a
 * POST's answer that was cut) when the client sends Last-Event-ID: the events after that id are
 * replayed and the stream goes on. The response is handed over ({@link McpExchange#RESPONSE_TAKEN}):
 * the route returns at once and no thread waits while the stream is open; the session's
 * housekeeping keeps it alive and closes it at its maximum age (the client then resumes). The
 * client's backend sessions that started before it listened open their event streams now.
 *
 * <p>An unknown or expired Last-Event-ID gets 400, as the TypeScript SDK's server answers: the
 * client then opens a fresh stream without it.
 */
public final class McpServerStream implements Processor {

    private final BackendClient client;

    public McpServerStream(BackendClient client) {
        this.client = client;
    }

    @Override
    public void process(Exchange exchange) {
        McpSession session = McpExchange.session(exchange);
        HttpServerResponse response = exchange.getProperty(McpExchange.HTTP_RESPONSE, HttpServerResponse.class);
        SessionStreams streams = session.streams();
        String lastEventId = exchange.getMessage().getHeader("Last-Event-ID", String.class);
        ClientStream stream;
        long after = 0;
        if (lastEventId != null && !lastEventId.isBlank()) {
            stream = streams.streamOf(lastEventId.trim());
            if (stream == null) {
                HttpReply.reject(exchange, 400, JsonRpc.INVALID_REQUEST,
                        "Bad Request: Last-Event-ID names no stream of this session that can be resumed (unknown, or its "
                                + "replay window has passed); open a new stream without it");
                return;
            }
            after = stream.sequenceOf(lastEventId.trim());
            if (stream.standalone() && !stream.isConnected() && full(exchange, streams)) {
                return;
            }
        } else {
            if (full(exchange, streams)) {
                return;
            }
            stream = streams.open(true);
        }
        boolean fresh = lastEventId == null || lastEventId.isBlank();
        if (!stream.connect(response, session.id(), after, fresh && McpExchange.primes(session))) {
            HttpReply.reject(exchange, 404, JsonRpc.INVALID_REQUEST, "Session not found: it ended; initialize again");
            return;
        }
        if (stream.standalone()) {
            // what its backend sessions send between requests can be relayed now
            client.listen(session.id());
        }
        exchange.setProperty(McpExchange.RESPONSE_TAKEN, true);
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody(null);
    }

    private static boolean full(Exchange exchange, SessionStreams streams) {
        int max = streams.limits().maxPerSession();
        if (streams.connectedGetStreams() < max) {
            return false;
        }
        HttpReply.reject(exchange, 409, JsonRpc.INVALID_REQUEST,
                "Conflict: this session already has " + max + " open GET stream(s)");
        return true;
    }
}
