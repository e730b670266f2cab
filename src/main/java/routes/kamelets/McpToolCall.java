package routes.kamelets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Service;
import routes.protocol.Json;

import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The step behind the {@code mcp-tool-action} and {@code mcp-tool-sink} Kamelets: calls one tool
 * of an MCP server with the message's arguments and leaves the tool's result as the body. Each
 * Kamelet instance keeps one MCP session, opened on its first message and ended when Camel stops.
 *
 * <p>Arguments are the body (a JSON object as text, bytes, a Map or a JsonNode; an empty body is
 * no arguments) or, with {@code argumentsProperty}, that exchange property. The result is the
 * {@code tools/call} result as JSON text; header {@value #IS_ERROR} says whether the tool reported
 * an error. A JSON-RPC error (unknown tool, bad arguments) fails the exchange with
 * {@link McpCallException}.
 */
public final class McpToolCall implements Processor, Service {

    public static final String IS_ERROR = "McpToolIsError";
    public static final String TOOL = "McpToolName";

    private String url;
    private String toolName;
    private String argumentsProperty = "";
    private List<String> forwardHeaders = List.of();
    private String accessToken = "";
    private long timeout = 30_000;
    private McpClientSession session;

    public void setUrl(String url) {
        this.url = KameletProperties.httpUrl("url", url);
    }

    public void setToolName(String toolName) {
        this.toolName = KameletProperties.required("toolName", toolName);
    }

    public void setArgumentsProperty(String argumentsProperty) {
        this.argumentsProperty = argumentsProperty == null ? "" : argumentsProperty.trim();
    }

    /** Names of message headers to send along (e.g. those the header Kamelets set), comma-separated. */
    public void setForwardHeaders(String names) {
        this.forwardHeaders = KameletProperties.headerNames("forwardHeaders", names);
    }

    public void setAccessToken(String accessToken) {
        this.accessToken = accessToken == null ? "" : accessToken;
    }

    public void setTimeout(long timeout) {
        this.timeout = KameletProperties.positive("timeout", timeout);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        JsonNode arguments = arguments(exchange);
        ObjectNode params = Json.object().put("name", toolName);
        params.set("arguments", arguments);
        JsonNode result = session(exchange).request("tools/call", params, headers(exchange.getMessage()), null);
        Message out = exchange.getMessage();
        out.setBody(Json.text(result));
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setHeader(TOOL, toolName);
        out.setHeader(IS_ERROR, result.path("isError").asBoolean(false));
    }

    private JsonNode arguments(Exchange exchange) throws Exception {
        Object raw = argumentsProperty.isEmpty() ? exchange.getMessage().getBody() : exchange.getProperty(argumentsProperty);
        JsonNode node;
        if (raw == null) {
            node = Json.object();
        } else if (raw instanceof JsonNode n) {
            node = n;
        } else if (raw instanceof Map<?, ?> m) {
            node = Json.MAPPER.valueToTree(m);
        } else {
            String text = raw instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                    : raw instanceof InputStream in ? new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    : exchange.getContext().getTypeConverter().mandatoryConvertTo(String.class, exchange, raw);
            node = text.isBlank() ? Json.object() : Json.MAPPER.readTree(text);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("mcp tool " + toolName + ": the arguments ("
                    + (argumentsProperty.isEmpty() ? "the message body" : "exchange property " + argumentsProperty)
                    + ") must be a JSON object, not " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return node;
    }

    private Map<String, String> headers(Message msg) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : forwardHeaders) {
            String value = msg.getHeader(name, String.class);
            if (value != null) {
                out.put(name, KameletProperties.sendable(name, value));
            }
        }
        if (!accessToken.isEmpty()) {
            out.put("Authorization", "Bearer " + accessToken);
        }
        return out;
    }

    private synchronized McpClientSession session(Exchange exchange) throws Exception {
        if (session == null) {
            if (url == null || toolName == null) {
                throw new IllegalStateException("mcp tool call needs url and toolName");
            }
            session = new McpClientSession(url, Duration.ofMillis(timeout));
            // ends the MCP session when Camel stops (Kamelet beans have no stop of their own)
            exchange.getContext().addService(this, true, false);
        }
        return session;
    }

    @Override
    public void start() {
        // the session opens on the first message
    }

    @Override
    public synchronized void stop() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    @Override
    public String toString() {
        // the token is a credential: never printed
        return "McpToolCall[" + toolName + " at " + url + "]";
    }
}
