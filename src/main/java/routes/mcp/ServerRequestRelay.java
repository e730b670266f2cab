package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.kernel.BackendSpec;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Passes a request a backend sends to its client (sampling/createMessage, elicitation/create,
 * roots/list) on to that client under an id of the gateway's: on the stream of the client request
 * it came with, else on the client's GET stream. The client's answer comes back as a POST and
 * goes to the backend session that asked ({@link McpClientMessage}). What the client cannot take
 * is answered at once, so a backend never waits for nothing: ping by the gateway, a method whose
 * capability the client did not declare with -32601, and no open stream or too many requests
 * waiting with an error that says so.
 */
final class ServerRequestRelay {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRequestRelay.class);

    /** The client capability each server-to-client request needs. */
    private static final Map<String, String> CAPABILITY = Map.of(
            "sampling/createMessage", "sampling",
            "elicitation/create", "elicitation",
            "roots/list", "roots");

    private ServerRequestRelay() {
    }

    /**
     * @param stream    the stream of the client request this came with, or null
     * @param toBackend posts a message (the answer) in the backend session that asked
     * @return the id the client was asked under, or null when the gateway answered the backend itself
     */
    static JsonNode relay(McpSession session, BackendSpec backend, JsonNode request, ClientStream stream,
                          Consumer<ObjectNode> toBackend) {
        JsonNode backendId = request.get("id");
        String method = request.path("method").asText();
        if ("ping".equals(method)) {
            answer(backend, toBackend, JsonRpc.result(backendId, Json.object()));
            return null;
        }
        if (session.stateless()) {
            // 2026-07-28 forbids requests on a response stream; its way (input_required) is not built yet
            answer(backend, toBackend, JsonRpc.error(backendId, JsonRpc.METHOD_NOT_FOUND,
                    "Method not found: the client speaks MCP 2026-07-28, which takes no " + method + " from the gateway"));
            return null;
        }
        String capability = CAPABILITY.get(method);
        if (capability == null || !session.clientCapabilities().has(capability)) {
            String why = capability == null ? "the gateway does not relay " + method
                    : "the client did not declare the " + capability + " capability";
            answer(backend, toBackend, JsonRpc.error(backendId, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + why));
            return null;
        }
        JsonNode clientId = session.relayed().add(new RelayedRequests.Pending(backend, backendId, toBackend));
        if (clientId == null) {
            answer(backend, toBackend, JsonRpc.error(backendId, JsonRpc.INTERNAL_ERROR, "the client has "
                    + RelayedRequests.MAX_PENDING + " requests waiting for answers already; try again later"));
            return null;
        }
        ObjectNode toClient = ((ObjectNode) request).deepCopy();
        toClient.set("id", clientId);
        boolean sent = stream != null && stream.send(toClient) || session.notifyClient(toClient);
        if (!sent) {
            session.relayed().take(clientId);
            answer(backend, toBackend, JsonRpc.error(backendId, JsonRpc.INTERNAL_ERROR,
                    "the client has no open stream to receive " + method + " on"));
            return null;
        }
        return clientId;
    }

    private static void answer(BackendSpec backend, Consumer<ObjectNode> toBackend, ObjectNode message) {
        try {
            toBackend.accept(message);
        } catch (RuntimeException e) {
            // the backend waits until its own timeout; nothing more the client could do
            LOG.debug("Backend '{}' did not take the gateway's answer: {}", backend.name(), e.getMessage());
        }
    }
}
