package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One MCP client session over streamable HTTP: initialize, notifications/initialized, then
 * requests, then DELETE. Answers may be JSON or an SSE stream (server-everything answers every
 * POST with a short SSE stream); either way the response with our id is the result. Anything
 * else, including a tool result with {@code isError: true}, is a {@link CallFailure}.
 */
final class McpClient implements Closeable {

    static final String PROTOCOL_VERSION = "2025-11-25";
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpConnection connection;
    private final boolean ownsConnection;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private long nextId;
    private String sessionId;

    /** A session on a connection of its own. */
    McpClient(URI endpoint, int timeoutMillis) {
        this(new HttpConnection(endpoint, timeoutMillis), true, endpoint);
    }

    /** A session on a shared connection (idle-session runs: many sessions, few sockets). */
    McpClient(HttpConnection connection, URI endpoint) {
        this(connection, false, endpoint);
    }

    private McpClient(HttpConnection connection, boolean ownsConnection, URI endpoint) {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        this.path = endpoint.getRawPath();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json, text/event-stream");
    }

    McpClient initialize() throws IOException {
        return initialize(false);
    }

    /**
     * As a client that can sample, elicit and list roots: what the gateway's catalog declares, so
     * a backend lists every tool it has (server-everything keeps three for such clients). For counting
     * the tools the gateway should list; this client answers no request.
     */
    McpClient initializeAsCatalog() throws IOException {
        return initialize(true);
    }

    private McpClient initialize(boolean everyCapability) throws IOException {
        ObjectNode params = JSON.createObjectNode().put("protocolVersion", PROTOCOL_VERSION);
        ObjectNode caps = params.putObject("capabilities");
        if (everyCapability) {
            caps.putObject("sampling");
            caps.putObject("elicitation");
            caps.putObject("roots").put("listChanged", false);
        }
        params.putObject("clientInfo").put("name", "caravan-bench").put("version", "1");
        long id = nextId++;
        HttpConnection.Response response = post(requestBytes(id, "initialize", JSON.writeValueAsString(params)));
        result(response, id, "initialize");
        sessionId = response.header("mcp-session-id");
        if (sessionId != null) {
            headers.put("Mcp-Session-Id", sessionId);
        }
        headers.put("MCP-Protocol-Version", PROTOCOL_VERSION);
        HttpConnection.Response ack = post(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}".getBytes(StandardCharsets.UTF_8));
        if (ack.status() / 100 != 2) {
            throw new CallFailure("HTTP " + ack.status(), "notifications/initialized answered " + ack.status());
        }
        return this;
    }

    /** The session id the server gave at initialize, or null. */
    String sessionId() {
        return sessionId;
    }

    /** One request; {@code paramsJson} is the serialized params object. Returns the result. */
    JsonNode request(String method, String paramsJson) throws IOException {
        long id = nextId++;
        return result(post(requestBytes(id, method, paramsJson)), id, method);
    }

    /** tools/call; a result with isError true counts as a failure. */
    JsonNode callTool(String paramsJson) throws IOException {
        JsonNode result = request("tools/call", paramsJson);
        if (result.path("isError").asBoolean(false)) {
            throw new CallFailure("tool isError", "tools/call returned isError: " + abbreviate(result.toString()));
        }
        return result;
    }

    /** Ends the session on the server; a server that does not support DELETE (405) is fine. */
    void delete() throws IOException {
        if (sessionId == null) {
            return;
        }
        HttpConnection.Response response = connection.send("DELETE", path, headers, null);
        sessionId = null;
        if (response.status() / 100 != 2 && response.status() != 405) {
            throw new CallFailure("HTTP " + response.status(), "DELETE answered " + response.status());
        }
    }

    @Override
    public void close() {
        if (ownsConnection) {
            connection.close();
        }
    }

    private HttpConnection.Response post(byte[] body) throws IOException {
        return connection.send("POST", path, headers, body);
    }

    private static byte[] requestBytes(long id, String method, String paramsJson) {
        String json = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\""
                + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode result(HttpConnection.Response response, long id, String method) throws IOException {
        if (response.status() / 100 != 2) {
            throw new CallFailure("HTTP " + response.status(),
                    method + " answered HTTP " + response.status() + ": " + abbreviate(response.bodyText()));
        }
        String type = response.header("content-type");
        JsonNode message = type != null && type.startsWith("text/event-stream")
                ? fromSse(response.bodyText(), id)
                : JSON.readTree(response.body());
        if (message == null || !message.path("id").canConvertToLong() || message.path("id").asLong() != id) {
            throw new CallFailure("no response", method + " got no response with id " + id + ": "
                    + abbreviate(response.bodyText()));
        }
        JsonNode error = message.get("error");
        if (error != null) {
            throw new CallFailure("JSON-RPC " + error.path("code").asText(),
                    method + " failed: " + abbreviate(error.toString()));
        }
        return message.path("result");
    }

    /** The response with our id among the events of an SSE body (notifications are skipped). */
    private static JsonNode fromSse(String stream, long id) throws IOException {
        StringBuilder data = new StringBuilder();
        for (String line : (stream + "\n\n").split("\r?\n", -1)) {
            if (line.startsWith("data:")) {
                data.append(line.length() > 5 && line.charAt(5) == ' ' ? line.substring(6) : line.substring(5)).append('\n');
            } else if (line.isEmpty() && data.length() > 0) {
                JsonNode event = JSON.readTree(data.toString());
                data.setLength(0);
                if (event.has("id") && (event.has("result") || event.has("error")) && event.get("id").asLong() == id) {
                    return event;
                }
            }
        }
        return null;
    }

    static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    /** A call that did not produce a good result; {@code kind} groups failures in reports. */
    static final class CallFailure extends IOException {
        private static final long serialVersionUID = 1L;
        private final String kind;

        CallFailure(String kind, String message) {
            super(message);
            this.kind = kind;
        }

        String kind() {
            return kind;
        }
    }
}
