package routes.kamelets;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings of one notification stream. The bearer token's parameter is named {@code token} so
 * that Camel masks it wherever it prints the endpoint URI.
 */
public final class McpNotificationsEndpoint extends DefaultEndpoint {

    private String url;
    private List<String> subscribe = List.of();
    private String token = "";
    private long reconnectDelay = 2000;
    private long timeout = 30_000;

    McpNotificationsEndpoint(String uri, McpNotificationsComponent component) {
        super(uri, component);
    }

    @Override
    public Producer createProducer() {
        throw new IllegalArgumentException("mcp-notifications is a source only: use the mcp-tool Kamelets to send");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (url == null) {
            throw new IllegalArgumentException("mcp-notifications needs the url of an MCP server");
        }
        McpNotificationsConsumer consumer = new McpNotificationsConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = KameletProperties.httpUrl("url", url);
    }

    List<String> subscriptions() {
        return subscribe;
    }

    /** Resource URIs to subscribe to (resources/subscribe), comma-separated; empty for none. */
    public void setSubscribe(String uris) {
        List<String> out = new ArrayList<>();
        if (uris != null) {
            for (String u : uris.split(",")) {
                if (!u.isBlank()) {
                    out.add(u.trim());
                }
            }
        }
        this.subscribe = List.copyOf(out);
    }

    String token() {
        return token;
    }

    public void setToken(String token) {
        this.token = token == null ? "" : token;
    }

    public long getReconnectDelay() {
        return reconnectDelay;
    }

    public void setReconnectDelay(long reconnectDelay) {
        this.reconnectDelay = KameletProperties.positive("reconnectDelay", reconnectDelay);
    }

    public long getTimeout() {
        return timeout;
    }

    public void setTimeout(long timeout) {
        this.timeout = KameletProperties.positive("timeout", timeout);
    }
}
