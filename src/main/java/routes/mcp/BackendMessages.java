package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.backend.BackendClient;
import routes.backend.BackendListener;
import routes.catalog.CatalogRefresh;
import routes.kernel.BackendSpec;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

import java.util.function.Consumer;

/**
 * What backends send outside a request (their GET streams, legacy SSE streams), to whom it
 * belongs. A list change, from any owner's session, refreshes the catalog, which then tells every
 * client. On a client session's backend session, notifications go to that client's GET stream (log
 * messages at or above its level), and requests (sampling, elicitation, roots) are relayed to it
 * under the gateway's ids ({@link ServerRequestRelay}). The gateway's own sessions declare roots
 * (so the catalog sees every tool) and answer roots/list with none; they take nothing else.
 */
public final class BackendMessages implements BackendListener {

    private final SessionStore sessions;
    private final CatalogRefresh refresh;

    public BackendMessages(SessionStore sessions, CatalogRefresh refresh) {
        this.sessions = sessions;
        this.refresh = refresh;
    }

    @Override
    public boolean message(String owner, BackendSpec backend, JsonNode message, Consumer<ObjectNode> reply) {
        String method = message.path("method").asText("");
        if (method.endsWith("/list_changed")) {
            refresh.request(backend.name());
            return true;
        }
        if (BackendClient.GATEWAY.equals(owner)) {
            if (JsonRpc.isRequest(message) && "roots/list".equals(method)) {
                ObjectNode none = Json.object();
                none.putArray("roots");
                reply.accept(JsonRpc.result(message.get("id"), none));
                return true;
            }
            return false;
        }
        // peek: what a backend sends must not keep an idle client session alive
        McpSession client = sessions.peek(owner);
        if (client == null) {
            return false;
        }
        if (JsonRpc.isRequest(message)) {
            ServerRequestRelay.relay(client, backend, message, null, reply);
            return true;
        }
        return !client.wants(message) || client.notifyClient(message);
    }
}
