package routes.kamelets;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code mcp-notifications:<label>?url=...}: a consumer that opens an MCP session and its GET
 * stream and emits each notification the server sends as an exchange. It is what the
 * {@code mcp-notification-source} Kamelet starts from. The label only names the endpoint.
 */
public final class McpNotificationsComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        McpNotificationsEndpoint endpoint = new McpNotificationsEndpoint(uri, this);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
