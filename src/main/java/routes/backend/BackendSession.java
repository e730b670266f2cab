package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
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
    JsonNode call(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink);

    /** Ends the session and frees what it holds; failures are not the caller's concern. */
    @Override
    void close();
}
