package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.backend.BackendClient;
import routes.kernel.CallerIdentity;

/**
 * A message from the client that needs no answer (HTTP 202): a notification, or the client's
 * response to a request a backend sent it. notifications/initialized ends the handshake;
 * notifications/cancelled stops the named request's backend call at once (the backend is told);
 * notifications/roots/list_changed reaches every backend session of this client; a response goes,
 * under the backend's own id, to the backend session that asked. Anything else is dropped.
 */
public final class McpClientMessage implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(McpClientMessage.class);

    private final BackendClient client;

    public McpClientMessage(BackendClient client) {
        this.client = client;
    }

    @Override
    public void process(Exchange exchange) {
        JsonNode msg = McpExchange.message(exchange);
        McpSession session = McpExchange.session(exchange);
        CallerIdentity caller = exchange.getProperty(CallerIdentity.PROPERTY, CallerIdentity.class);
        switch (msg.path("method").asText("")) {
            case "notifications/initialized" -> session.markInitialized();
            case "notifications/cancelled" -> {
                JsonNode params = msg.path("params");
                session.cancel(params.get("requestId"), "the client cancelled the request: "
                        + params.path("reason").asText("no reason given"));
            }
            case "notifications/roots/list_changed" -> client.notifyBackends(session.id(), caller, (ObjectNode) msg);
            case "" -> answered(session, caller, msg);
            default -> {
                // other notifications concern the client's link with the gateway only
            }
        }
        exchange.getMessage().setBody(null);
    }

    private void answered(McpSession session, CallerIdentity caller, JsonNode response) {
        RelayedRequests.Pending asked = session.relayed().take(response.get("id"));
        if (asked == null) {
            LOG.debug("Client session answered a request nobody waits for (id {})", response.get("id"));
            return;
        }
        ObjectNode toBackend = ((ObjectNode) response).deepCopy();
        toBackend.set("id", asked.backendId());
        try {
            asked.toBackend().accept(toBackend);
        } catch (RuntimeException e) {
            // the backend's session ended or refuses: its own request fails there; the client did its part
            LOG.debug("Backend '{}' did not take the client's answer: {}", asked.backend().name(), e.getMessage());
        }
    }
}
