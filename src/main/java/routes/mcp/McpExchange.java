package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;

/**
 * The exchange properties the front-door routes share, in one place so each step documents what
 * it reads and leaves. The message body of {@code mcp-message} is one JSON-RPC message in, and
 * the reply (or null) out.
 */
public final class McpExchange {

    /** {@link McpSession}: the client's session; absent before initialize. */
    public static final String SESSION = "mcpSession";
    /** String: the JSON-RPC method of the message in the body. */
    public static final String METHOD = "mcpMethod";
    /** List of JsonNode: the messages of a 2025-03-26 batch. */
    public static final String BATCH = "mcpBatch";
    /** {@link HttpServerResponse}: the raw response, for SSE. */
    public static final String HTTP_RESPONSE = "mcpHttpResponse";
    /** Boolean: the client's Accept allows text/event-stream. */
    public static final String ACCEPTS_SSE = "mcpAcceptsSse";
    /** {@link ClientStream}: set once this request's answer has turned into an SSE stream. */
    public static final String STREAM = "mcpStream";
    /**
     * Boolean: the route took the HTTP response over (an open SSE stream, written by its owner);
     * platform-http completes the exchange without writing or ending it.
     */
    public static final String RESPONSE_TAKEN = "mcpResponseTaken";
    /** JsonNode: the client's message as it came in (the body becomes the reply), for the audit step. */
    public static final String REQUEST = "mcpRequest";
    /** Long: seconds until a rate-limited call may be tried again; the reply goes out as HTTP 429 with Retry-After. */
    public static final String RETRY_AFTER = "mcpRetryAfter";

    private McpExchange() {
    }

    public static McpSession session(Exchange exchange) {
        return exchange.getProperty(SESSION, McpSession.class);
    }

    public static JsonNode message(Exchange exchange) {
        return exchange.getMessage().getBody(JsonNode.class);
    }

    /**
     * The SSE stream for this request's answer, opened on first use. Null when the client does
     * not accept SSE, or inside a batch (a batch answers with one JSON array).
     */
    public static ClientStream stream(Exchange exchange) {
        ClientStream s = exchange.getProperty(STREAM, ClientStream.class);
        if (s != null) {
            return s;
        }
        if (!Boolean.TRUE.equals(exchange.getProperty(ACCEPTS_SSE)) || exchange.getProperty(BATCH) != null) {
            return null;
        }
        HttpServerResponse response = exchange.getProperty(HTTP_RESPONSE, HttpServerResponse.class);
        if (response == null) {
            return null;
        }
        McpSession session = session(exchange);
        if (session == null || session.stateless()) {
            // before a session exists, or without one (2026-07-28), there is nothing to resume it by:
            // no ids, no replay
            s = new ClientStream(null, false, StreamLimits.DEFAULTS, System.currentTimeMillis());
            s.connect(response, null, 0, false);
        } else {
            s = session.streams().open(false);
            s.connect(response, session.id(), 0, primes(session));
        }
        exchange.setProperty(STREAM, s);
        return s;
    }

    /**
     * Whether a new stream of this session starts with a priming event (an id and empty data, so a
     * client can resume even before the first message). 2025-11-25 asks for it; older clients may
     * not expect an event without data, so they get none (as the TypeScript SDK's server does).
     */
    static boolean primes(McpSession session) {
        String version = session.protocolVersion();
        return version != null && version.compareTo("2025-11-25") >= 0;
    }
}
