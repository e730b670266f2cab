package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.protocol.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;

/** A 2026-07-28 (stateless) client over raw HTTP, since no Java client speaks that revision. */
final class ModernHttp {

    static final String V = "2026-07-28";
    static final String ACCEPT = "application/json, text/event-stream";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ModernHttp() {
    }

    /** The request, its mirrored headers set, then the extra headers applied (a null value removes one). */
    static HttpRequest.Builder request(String url, String method, ObjectNode params, Map<String, String> extra, JsonNode id) {
        ObjectNode body = Json.object().put("jsonrpc", "2.0");
        body.set("id", id);
        body.put("method", method);
        body.set("params", params);
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", ACCEPT);
        headers.put("MCP-Protocol-Version", V);
        headers.put("Mcp-Method", method);
        headers.putAll(extra);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(Json.text(body)));
        headers.forEach((k, v) -> {
            if (v != null) {
                b.header(k, v);
            }
        });
        return b;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The params with the revision's _meta: version (unless set), client info, and these capabilities. */
    static ObjectNode withMeta(ObjectNode params, ObjectNode capabilities) {
        ObjectNode p = params.deepCopy();
        ObjectNode meta = p.has("_meta") ? (ObjectNode) p.get("_meta") : p.putObject("_meta");
        if (!meta.has("io.modelcontextprotocol/protocolVersion")) {
            meta.put("io.modelcontextprotocol/protocolVersion", V);
        }
        meta.set("io.modelcontextprotocol/clientCapabilities", capabilities);
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "raw-http").put("version", "1");
        return p;
    }

    /** Opens a subscriptions/listen stream for one filter field; its messages arrive in the queue as they come. */
    static LinkedBlockingQueue<JsonNode> listen(String url, String id, String filter) {
        ObjectNode params = Json.object();
        params.putObject("notifications").put(filter, true);
        LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        HTTP.sendAsync(request(url, "subscriptions/listen", withMeta(params, Json.object()), Map.of(),
                Json.MAPPER.getNodeFactory().textNode(id)).build(), HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
            Thread t = new Thread(() -> r.body().filter(l -> l.startsWith("data:")).forEach(l -> {
                try {
                    events.add(Json.MAPPER.readTree(l.substring(5).trim()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
            t.setDaemon(true);
            t.start();
        });
        return events;
    }

    /** The messages of a 200 answer: its JSON body, or each event of its SSE stream. */
    static List<JsonNode> events(HttpResponse<String> r) throws Exception {
        if (r.statusCode() != 200) {
            throw new AssertionError("expected 200, got " + r.statusCode() + ": " + r.body());
        }
        List<JsonNode> out = new ArrayList<>();
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            out.add(Json.MAPPER.readTree(r.body()));
            return out;
        }
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data:")) {
                out.add(Json.MAPPER.readTree(line.substring(5).trim()));
            }
        }
        return out;
    }
}
