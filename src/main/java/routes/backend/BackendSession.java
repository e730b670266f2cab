package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;

import java.util.function.Consumer;

/**
 * The gateway's MCP session with one backend, over the transport its spec names, for one owner:
 * a client session, or the gateway itself. Created only by {@link BackendClient}; initialized
 * lazily on first use; thread-safe, since a client may send several requests at once. Every HTTP
 * message it sends goes through the outbound pipeline ({@link OutboundSender}).
 */
public interface BackendSession extends AutoCloseable {

    /** What initialize settled; replaced as a whole when the session is re-initialized. */
    record State(String sessionId, String protocolVersion, JsonNode serverCapabilities, JsonNode serverInfo) {
    }

    BackendSpec spec();

    /** The initialized state, initializing first if needed. */
    State state(CallerIdentity caller);

    /**
     * Sends one request and returns its result; JSON-RPC errors become {@link BackendRpcException},
     * everything else that goes wrong a {@link BackendException} naming the backend.
     *
     * @param sink receives the notifications the backend sends about this request, or null
     */
    default JsonNode call(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink) {
        return call(caller, method, params, sink, null);
    }

    /**
     * As {@link #call(CallerIdentity, String, JsonNode, Consumer)}, stoppable by the client: when
     * {@code cancellation} fires the wait ends at once (a BackendException of category CANCELLED)
     * and the backend is sent notifications/cancelled for the request.
     */
    JsonNode call(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink, Cancellation cancellation);

    /**
     * Sends one message that needs no answer: a notification, or the client's response to a request
     * the backend sent (with the backend's own id). Fails as {@link #call} does when the backend
     * refuses it.
     */
    void send(CallerIdentity caller, ObjectNode message);

    /**
     * The session's owner now has somewhere to relay what the backend sends between requests (a
     * client opened its GET stream): a session without its event stream opens it now.
     */
    default void listen() {
    }

    /** Ends the session and frees what it holds; failures are not the caller's concern. */
    @Override
    void close();
}
