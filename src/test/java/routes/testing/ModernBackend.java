package routes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import routes.protocol.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small MCP server that speaks only 2026-07-28, for testing the gateway's backend side (no SDK
 * in Java speaks it). It checks what that revision asks of a client and answers as a modern-only
 * server does: an initialize or a request without the version is refused with the versions it
 * speaks. Tools: {@code where} (its {@code region} argument is mirrored in Mcp-Param-Region) and
 * {@code ask} (answers that it needs input from the client, then, when retried with its state and
 * the answer, what the client said). Resource {@code modern://status} takes subscriptions, which
 * the revision carries on {@code subscriptions/listen} streams: each stream opens with its
 * acknowledgement, then gets what {@link #resourceUpdated} and {@link #toolsChanged} publish, as
 * its filter asks. Every request is recorded.
 */
public final class ModernBackend implements AutoCloseable {

    /** One POST as it arrived: header names lower-cased. */
    public record Seen(Map<String, String> headers, JsonNode body) {
        public String method() {
            return body.path("method").asText();
        }
    }

    public static final String RESOURCE = "modern://status";

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** One open subscriptions/listen stream. */
    private record Listener(JsonNode id, JsonNode filter, OutputStream out, CountDownLatch gone) {
        boolean wants(String method, String uri) {
            return switch (method) {
                case "notifications/tools/list_changed" -> filter.path("toolsListChanged").asBoolean(false);
                case "notifications/resources/updated" -> {
                    for (JsonNode u : filter.path("resourceSubscriptions")) {
                        if (u.asText().equals(uri)) {
                            yield true;
                        }
                    }
                    yield false;
                }
                default -> false;
            };
        }

        /** Writes one event; false (and the stream is over) when the client is gone. */
        synchronized boolean send(String data) {
            try {
                out.write(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                return true;
            } catch (IOException e) {
                gone.countDown();
                return false;
            }
        }
    }
    private volatile boolean legacyOnly;

    private ModernBackend(HttpServer server) {
        this.server = server;
    }

    public static ModernBackend start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ModernBackend b = new ModernBackend(server);
        server.createContext("/mcp", b::handle);
        // listen streams hold their thread
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "modern-backend");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return b;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    /** While true, it answers every request as a legacy server without a session would: 400, -32600. */
    public void legacyOnly(boolean on) {
        legacyOnly = on;
    }

    public List<Seen> seen() {
        return seen;
    }

    public List<Seen> seen(String method) {
        return seen.stream().filter(s -> s.method().equals(method)).toList();
    }

    /** The filters of the listen streams open now (their {@code notifications} params). */
    public List<JsonNode> openListens() {
        return listeners.stream().filter(l -> l.gone().getCount() > 0).map(Listener::filter).toList();
    }

    /** Publishes notifications/resources/updated for {@code uri} to the streams subscribed to it. */
    public void resourceUpdated(String uri) {
        publish("notifications/resources/updated", uri);
    }

    /** Publishes notifications/tools/list_changed to the streams that asked for it. */
    public void toolsChanged() {
        publish("notifications/tools/list_changed", null);
    }

    private void publish(String method, String uri) {
        for (Listener l : listeners) {
            if (l.wants(method, uri)) {
                ObjectNode params = Json.object();
                if (uri != null) {
                    params.put("uri", uri);
                }
                params.putObject("_meta").set("io.modelcontextprotocol/subscriptionId", l.id());
                l.send(event(Json.object().put("jsonrpc", "2.0").put("method", method).set("params", params)));
            }
        }
    }

    private static String event(JsonNode message) {
        return "data: " + message + "\n\n";
    }

    /** A listen stream: the acknowledgement, then what is published, kept alive until the client goes. */
    private void listen(HttpExchange ex, JsonNode id, JsonNode requested) throws IOException {
        ObjectNode honoured = Json.object();
        if (requested.path("toolsListChanged").asBoolean(false)) {
            honoured.put("toolsListChanged", true);
        }
        if (requested.path("resourceSubscriptions").isArray() && !requested.path("resourceSubscriptions").isEmpty()) {
            honoured.set("resourceSubscriptions", requested.get("resourceSubscriptions"));
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        Listener l = new Listener(id, honoured, ex.getResponseBody(), new CountDownLatch(1));
        ObjectNode ack = Json.object().put("jsonrpc", "2.0").put("method", "notifications/subscriptions/acknowledged");
        ack.putObject("params").<ObjectNode>set("notifications", honoured).putObject("_meta")
                .set("io.modelcontextprotocol/subscriptionId", id);
        listeners.add(l);
        try {
            l.send(event(ack));
            // a comment now and then finds out when the client has gone
            while (!awaitGone(l, 100)) {
                l.send(": keep-alive\n\n");
            }
        } finally {
            listeners.remove(l);
        }
    }

    private static boolean awaitGone(Listener l, long millis) {
        try {
            return l.gone().await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            Map<String, String> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            JsonNode msg = Json.MAPPER.readTree(ex.getRequestBody().readAllBytes());
            seen.add(new Seen(headers, msg));
            JsonNode id = msg.get("id");
            String method = msg.path("method").asText();
            JsonNode params = msg.path("params");
            if (legacyOnly) {
                reply(ex, 400, error(null, -32600, "Bad Request: Mcp-Session-Id header is required", null));
                return;
            }
            String version = params.path("_meta").path("io.modelcontextprotocol/protocolVersion").asText(null);
            if (!"2026-07-28".equals(version) || !"2026-07-28".equals(headers.get("mcp-protocol-version"))) {
                ObjectNode data = Json.object().put("requested", String.valueOf(version));
                data.putArray("supported").add("2026-07-28");
                reply(ex, 400, error(id, -32022, "Unsupported protocol version", data));
                return;
            }
            if (!method.equals(headers.get("mcp-method"))) {
                reply(ex, 400, error(id, -32020, "Mcp-Method does not match the body", null));
                return;
            }
            ObjectNode result = Json.object().put("resultType", "complete");
            switch (method) {
                case "server/discover" -> {
                    result.putArray("supportedVersions").add("2026-07-28");
                    ObjectNode caps = result.putObject("capabilities");
                    caps.putObject("tools").put("listChanged", true);
                    caps.putObject("resources").put("subscribe", true);
                    result.putObject("_meta").putObject("io.modelcontextprotocol/serverInfo").put("name", "modern").put("version", "1");
                    result.put("ttlMs", 0).put("cacheScope", "public");
                }
                case "tools/list" -> {
                    ObjectNode where = result.putArray("tools").addObject().put("name", "where").put("description", "Where it runs");
                    ObjectNode schema = where.putObject("inputSchema").put("type", "object");
                    schema.putObject("properties").putObject("region").put("type", "string").put("x-mcp-header", "Region");
                    result.withArray("tools").addObject().put("name", "ask").put("description", "Needs input")
                            .putObject("inputSchema").put("type", "object");
                    result.put("ttlMs", 0).put("cacheScope", "public");
                }
                case "subscriptions/listen" -> {
                    listen(ex, id, params.path("notifications"));
                    return;
                }
                case "resources/list" -> {
                    result.putArray("resources").addObject().put("uri", RESOURCE).put("name", "status");
                    result.put("ttlMs", 0).put("cacheScope", "public");
                }
                case "resources/read" -> {
                    String uri = params.path("uri").asText();
                    result.putArray("contents").addObject().put("uri", uri).put("mimeType", "text/plain")
                            .put("text", "contents of " + uri);
                }
                case "resources/templates/list" -> {
                    result.putArray("resourceTemplates");
                    result.put("ttlMs", 0).put("cacheScope", "public");
                }
                case "tools/call" -> {
                    String name = params.path("name").asText();
                    if (!name.equals(headers.get("mcp-name"))) {
                        reply(ex, 400, error(id, -32020, "Mcp-Name does not match the body", null));
                        return;
                    }
                    if ("ask".equals(name) && "opaque".equals(params.path("requestState").asText())
                            && params.path("inputResponses").has("q")) {
                        String answer = params.path("inputResponses").path("q").path("content").path("answer").asText();
                        result.putArray("content").addObject().put("type", "text").put("text", "you said " + answer);
                        break;
                    }
                    if ("ask".equals(name)) {
                        result.put("resultType", "input_required");
                        ObjectNode q = result.putObject("inputRequests").putObject("q").put("method", "elicitation/create");
                        ObjectNode ask = q.putObject("params").put("message", "Go on?");
                        ask.putObject("requestedSchema").put("type", "object").putObject("properties")
                                .putObject("answer").put("type", "string");
                        result.put("requestState", "opaque");
                        break;
                    }
                    String region = params.path("arguments").path("region").asText();
                    if (!region.equals(headers.get("mcp-param-region"))) {
                        reply(ex, 400, error(id, -32020, "Mcp-Param-Region does not match the body", null));
                        return;
                    }
                    result.putArray("content").addObject().put("type", "text").put("text", "runs in " + region);
                }
                default -> {
                    reply(ex, 404, error(id, -32601, "Method not found", null));
                    return;
                }
            }
            ObjectNode response = Json.object().put("jsonrpc", "2.0");
            response.set("id", id);
            response.set("result", result);
            reply(ex, 200, response);
        }
    }

    private static ObjectNode error(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode e = Json.object().put("jsonrpc", "2.0");
        e.set("id", id);
        ObjectNode err = e.putObject("error").put("code", code).put("message", message);
        if (data != null) {
            err.set("data", data);
        }
        return e;
    }

    private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.bytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        listeners.forEach(l -> l.gone().countDown());
        server.stop(0);
    }
}
