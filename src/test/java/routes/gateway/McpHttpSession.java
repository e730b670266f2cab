package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import routes.protocol.Json;
import routes.testing.GatewayHarness;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A raw-HTTP MCP session with the gateway, for tests that need exact headers and statuses. */
final class McpHttpSession {

    static final String ACCEPT = "application/json, text/event-stream";

    private final GatewayHarness gateway;
    final String id;
    private final AtomicInteger ids = new AtomicInteger(1);

    private McpHttpSession(GatewayHarness gateway, String id) {
        this.gateway = gateway;
        this.id = id;
    }

    static McpHttpSession open(GatewayHarness gateway) throws Exception {
        return open(gateway, "2025-11-25");
    }

    static McpHttpSession open(GatewayHarness gateway, String version) throws Exception {
        HttpResponse<String> init = gateway.post("""
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"%s",
                 "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""".formatted(version),
                Map.of("Content-Type", "application/json", "Accept", ACCEPT));
        String sid = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        McpHttpSession s = new McpHttpSession(gateway, sid);
        s.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", Map.of());
        return s;
    }

    HttpResponse<String> post(String body, Map<String, String> extra) throws Exception {
        Map<String, String> h = new HashMap<>(Map.of("Content-Type", "application/json", "Accept", ACCEPT,
                "Mcp-Session-Id", id, "MCP-Protocol-Version", "2025-11-25"));
        h.putAll(extra);
        return gateway.post(body, h);
    }

    /** Ends the session (DELETE /mcp). */
    HttpResponse<String> end() throws Exception {
        return gateway.send("DELETE", Map.of("Mcp-Session-Id", id, "MCP-Protocol-Version", "2025-11-25"));
    }

    /** Sends a request and returns the JSON-RPC response (the last event of an SSE answer). */
    JsonNode call(String method, String paramsJson, Map<String, String> extra) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"" + method + "\""
                + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}";
        return responseOf(post(body, extra));
    }

    JsonNode call(String method, String paramsJson) throws Exception {
        return call(method, paramsJson, Map.of());
    }

    static JsonNode responseOf(HttpResponse<String> r) throws Exception {
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/event-stream")) {
            return Json.MAPPER.readTree(r.body());
        }
        JsonNode last = null;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: ")) {
                last = Json.MAPPER.readTree(line.substring(6));
            }
        }
        return last;
    }
}
