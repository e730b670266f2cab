package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import routes.auth.CallerIdentity;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One HTTP message on its way to a backend, carried through the outbound pipeline as the exchange
 * property {@link #PROPERTY}. Each step adds what it owns: the backend client sets the protocol
 * headers, header-forward adds configured headers where none is set, outgoing-auth sets its
 * headers last, and backend-http sends exactly {@link #headers()} and nothing else.
 */
public final class OutboundRequest {

    public static final String PROPERTY = "caravanOutbound";

    public enum Method { POST, GET, DELETE }

    private final BackendSpec backend;
    private final CallerIdentity caller;
    private final Method method;
    private final URI target;
    private final byte[] body;
    private final JsonNode requestId;
    private final String rpcMethod;
    // header names are case-insensitive on the wire; one map keeps "x-api-key" and "X-Api-Key" as one
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Consumer<JsonNode> messageSink;
    private final boolean readWholeStream;

    /**
     * @param requestId       the JSON-RPC id whose response ends an SSE answer, or null
     * @param rpcMethod       the JSON-RPC method sent (for logs and metrics), or null
     * @param messageSink     receives every other message the backend streams while answering
     * @param readWholeStream true for a standalone stream (legacy SSE, GET listener): read until it ends
     */
    public OutboundRequest(BackendSpec backend, CallerIdentity caller, Method method, URI target, byte[] body, JsonNode requestId,
                           String rpcMethod, Consumer<JsonNode> messageSink, boolean readWholeStream) {
        this.backend = backend;
        this.caller = caller;
        this.method = method;
        this.target = target;
        this.body = body;
        this.requestId = requestId;
        this.rpcMethod = rpcMethod;
        this.messageSink = messageSink;
        this.readWholeStream = readWholeStream;
    }

    public BackendSpec backend() {
        return backend;
    }

    /** Who the request is made for; {@link CallerIdentity#GATEWAY} for the gateway's own calls. */
    public CallerIdentity caller() {
        return caller;
    }

    public Method method() {
        return method;
    }

    public URI target() {
        return target;
    }

    public byte[] body() {
        return body;
    }

    public JsonNode requestId() {
        return requestId;
    }

    public String rpcMethod() {
        return rpcMethod;
    }

    /** The headers that will be sent; mutable while the request is in the pipeline. */
    public Map<String, String> headers() {
        return headers;
    }

    public Consumer<JsonNode> messageSink() {
        return messageSink;
    }

    public boolean readWholeStream() {
        return readWholeStream;
    }
}
