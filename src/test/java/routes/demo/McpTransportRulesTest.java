package routes.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.testing.McpHttpProbe;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streamable HTTP transport rules, checked on the wire against a demo backend on netty-http. */
class McpTransportRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningDemoBackends demo;
    private static McpHttpProbe weather;

    @BeforeAll
    static void start() throws Exception {
        demo = new RunningDemoBackends();
        weather = new McpHttpProbe(demo.url("weather"));
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void eachDemoBackendIsOneNamedRoute() {
        for (String name : DemoBackends.NAMES) {
            assertNotNull(demo.context().getRoute("demo-backend-" + name), name);
        }
        assertEquals(DemoBackends.NAMES.size(), demo.context().getRoutes().size());
    }

    @Test
    void initializeIssuesAVisibleAsciiSessionIdAndJson() throws Exception {
        HttpResponse<String> init = weather.initialize("2025-06-18");
        assertEquals(200, init.statusCode());
        assertEquals("application/json", init.headers().firstValue("Content-Type").orElseThrow());
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertTrue(session.length() >= 32, session);
        assertTrue(session.chars().allMatch(c -> c >= 0x21 && c <= 0x7E), session);
        JsonNode result = JSON.readTree(init.body()).get("result");
        assertEquals("2025-06-18", result.get("protocolVersion").asText());
        assertEquals("weather", result.path("serverInfo").path("name").asText());
        assertTrue(result.path("capabilities").has("tools"));
        assertNotEquals(session, weather.initialize("2025-06-18").headers().firstValue("Mcp-Session-Id").orElseThrow());
    }

    @Test
    void versionNegotiationEchoesSupportedVersionsAndOtherwiseOffersTheNewest() throws Exception {
        for (String version : new String[] {"2025-03-26", "2025-06-18", "2025-11-25"}) {
            assertEquals(version, result(weather.initialize(version)).get("protocolVersion").asText());
        }
        assertEquals("2025-11-25", result(weather.initialize("2024-11-05")).get("protocolVersion").asText());
        assertEquals("2025-11-25", result(weather.initialize("1999-01-01")).get("protocolVersion").asText());
    }

    @Test
    void responseCarriesOnlyTheHeadersTheTransportSets() {
        HttpResponse<String> response = weather.post(McpHttpProbe.request(1, "initialize",
                        "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}"),
                Map.of("Accept", McpHttpProbe.ACCEPT_BOTH, "Mcp-Session-Id", "client-sent-id",
                        "Authorization", "Bearer secret", "X-Tenant", "acme", "CamelHttpResponseCode", "500"));
        assertEquals(200, response.statusCode());
        Set<String> names = new TreeSet<>(response.headers().map().keySet());
        // Netty adds the framing headers; everything else is the transport's own choice.
        assertEquals(Set.of("connection", "content-length", "content-type", "mcp-session-id"), names);
        assertNotEquals("client-sent-id", response.headers().firstValue("Mcp-Session-Id").orElseThrow());
    }

    @Test
    void requestWithoutSessionIs400AndUnknownSessionIs404WithoutEchoingIt() throws Exception {
        HttpResponse<String> missing = weather.post(McpHttpProbe.request(1, "tools/list", "{}"), (String) null);
        assertEquals(400, missing.statusCode());
        assertEquals(-32600, JSON.readTree(missing.body()).path("error").path("code").asInt());

        HttpResponse<String> unknown = weather.post(McpHttpProbe.request(1, "tools/list", "{}"), "no-such-session");
        assertEquals(404, unknown.statusCode());
        assertFalse(unknown.headers().firstValue("Mcp-Session-Id").isPresent());
    }

    @Test
    void getIs405AndDeleteEndsTheSession() {
        String session = weather.openSession();
        HttpResponse<String> get = weather.send("GET", Map.of("Accept", "text/event-stream", "Mcp-Session-Id", session));
        assertEquals(405, get.statusCode());
        assertEquals("POST, DELETE", get.headers().firstValue("Allow").orElseThrow());

        assertEquals(204, weather.send("DELETE", Map.of("Mcp-Session-Id", session)).statusCode());
        assertEquals(404, weather.post(McpHttpProbe.request(2, "ping", "{}"), session).statusCode());
        assertEquals(404, weather.send("DELETE", Map.of("Mcp-Session-Id", session)).statusCode());
        assertEquals(400, weather.send("DELETE", Map.of()).statusCode());
    }

    @Test
    void notificationsAndClientResponsesAre202WithoutBody() {
        String session = weather.openSession();
        HttpResponse<String> notification = weather.post(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7}}", session);
        assertEquals(202, notification.statusCode());
        assertEquals("", notification.body());
        assertEquals(202, weather.post("{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"result\":{}}", session).statusCode());
    }

    @Test
    void malformedMessagesGetTheJsonRpcErrorCodes() throws Exception {
        HttpResponse<String> garbage = weather.post("{not json", (String) null);
        assertEquals(400, garbage.statusCode());
        assertEquals(-32700, JSON.readTree(garbage.body()).path("error").path("code").asInt());

        HttpResponse<String> noVersion = weather.post("{\"id\":1,\"method\":\"ping\"}", (String) null);
        assertEquals(400, noVersion.statusCode());
        assertEquals(-32600, JSON.readTree(noVersion.body()).path("error").path("code").asInt());

        HttpResponse<String> batch = weather.post("[" + McpHttpProbe.request(1, "ping", "{}") + "]", (String) null);
        assertEquals(400, batch.statusCode());
    }

    @Test
    void methodAndItemErrorsUseTheSpecCodes() throws Exception {
        String session = weather.openSession();
        assertEquals(-32601, errorCode(weather.post(McpHttpProbe.request(1, "tools/nope", "{}"), session)));
        assertEquals(-32602, errorCode(weather.post(McpHttpProbe.request(2, "tools/call",
                "{\"name\":\"no_such_tool\",\"arguments\":{}}"), session)));
        assertEquals(-32602, errorCode(weather.post(McpHttpProbe.request(3, "prompts/get",
                "{\"name\":\"no_such_prompt\"}"), session)));
        assertEquals(-32002, errorCode(weather.post(McpHttpProbe.request(4, "resources/read",
                "{\"uri\":\"weather://nowhere\"}"), session)));
        assertEquals(-32002, errorCode(weather.post(McpHttpProbe.request(5, "resources/read",
                "{\"uri\":\"weather://forecast/Atlantis\"}"), session)));
        assertEquals(-32602, errorCode(weather.post(McpHttpProbe.request(6, "tools/list",
                "{\"cursor\":\"forged\"}"), session)));
        assertEquals(-32602, errorCode(weather.post(McpHttpProbe.request(7, "logging/setLevel",
                "{\"level\":\"loud\"}"), session)));
    }

    @Test
    void unsupportedProtocolVersionHeaderIs400() {
        String session = weather.openSession();
        HttpResponse<String> response = weather.post(McpHttpProbe.request(1, "ping", "{}"),
                Map.of("Accept", McpHttpProbe.ACCEPT_BOTH, "Mcp-Session-Id", session, "MCP-Protocol-Version", "2099-01-01"));
        assertEquals(400, response.statusCode());
        HttpResponse<String> ok = weather.post(McpHttpProbe.request(2, "ping", "{}"),
                Map.of("Accept", McpHttpProbe.ACCEPT_BOTH, "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18"));
        assertEquals(200, ok.statusCode());
    }

    @Test
    void foreignOriginIs403AndLocalOriginIsAccepted() {
        Map<String, String> evil = Map.of("Accept", McpHttpProbe.ACCEPT_BOTH, "Origin", "http://evil.example");
        assertEquals(403, weather.post(McpHttpProbe.request(1, "ping", "{}"), evil).statusCode());
        String init = McpHttpProbe.request(1, "initialize",
                "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}");
        assertEquals(200, weather.post(init,
                Map.of("Accept", McpHttpProbe.ACCEPT_BOTH, "Origin", "http://localhost:6274")).statusCode());
    }

    @Test
    void toolCallWithProgressTokenStreamsProgressThenLogThenResponse() throws Exception {
        String session = weather.openSession();
        HttpResponse<String> response = weather.post(McpHttpProbe.request(9, "tools/call",
                "{\"name\":\"get_forecast\",\"arguments\":{\"city\":\"Oslo\",\"days\":2},\"_meta\":{\"progressToken\":\"tok-1\"}}"),
                session);
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElseThrow());
        assertTrue(response.headers().firstValue("Content-Length").isPresent(), "netty-http buffers, not chunks");
        var events = SseEvents.parse(response.body());
        assertEquals(4, events.size(), response.body());
        assertTrue(events.stream().allMatch(e -> e.event().equals("message")));
        JsonNode first = JSON.readTree(events.get(0).data());
        JsonNode second = JSON.readTree(events.get(1).data());
        JsonNode log = JSON.readTree(events.get(2).data());
        JsonNode last = JSON.readTree(events.get(3).data());
        assertEquals("notifications/progress", first.get("method").asText());
        assertEquals("tok-1", first.path("params").path("progressToken").asText());
        assertEquals(1, first.path("params").path("progress").asInt());
        assertEquals(2, second.path("params").path("progress").asInt());
        assertEquals("notifications/message", log.get("method").asText());
        assertEquals("info", log.path("params").path("level").asText());
        assertEquals(9, last.get("id").asInt());
        assertFalse(last.path("result").path("isError").asBoolean());
    }

    @Test
    void sameCallWithoutSseInAcceptIsPlainJson() throws Exception {
        String session = weather.openSession();
        HttpResponse<String> response = weather.post(McpHttpProbe.request(3, "tools/call",
                        "{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"},\"_meta\":{\"progressToken\":5}}"),
                Map.of("Accept", McpHttpProbe.ACCEPT_JSON, "Mcp-Session-Id", session));
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("weather echo: hi",
                JSON.readTree(response.body()).path("result").path("content").get(0).path("text").asText());
    }

    @Test
    void logLevelAboveInfoSilencesTheAutomaticLogEvent() throws Exception {
        String session = weather.openSession();
        weather.post(McpHttpProbe.request(1, "logging/setLevel", "{\"level\":\"error\"}"), session);
        HttpResponse<String> response = weather.post(McpHttpProbe.request(2, "tools/call",
                "{\"name\":\"echo\",\"arguments\":{\"message\":\"x\"},\"_meta\":{\"progressToken\":1}}"), session);
        var events = SseEvents.parse(response.body());
        assertEquals(2, events.size(), response.body());
        assertEquals("notifications/progress", JSON.readTree(events.get(0).data()).get("method").asText());
    }

    private static JsonNode result(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("result");
    }

    private static int errorCode(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("error").path("code").asInt();
    }
}
