package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.CaravanMain;
import routes.protocol.Json;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The endpoints ToolHive's operator and users call on the vMCP port, with ToolHive's JSON shapes,
 * and what an MCP client sees when a backend is down: the backend's name and what happened, never
 * its URL, host or port (the log keeps them).
 */
class OperatorEndpointsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static FixtureBackend weather;
    private static GatewayHarness gateway;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        weather = FixtureBackend.builder("weather").tools("forecast").start();
        // probed once at start (a new backend is due at once), then not again during the test
        gateway = GatewayHarness.start("""
                name: ops
                groupRef: ops-group
                backends:
                  - name: weather
                    url: %s
                    transport: streamable-http
                  - name: far
                    url: http://no-such-host.invalid:4711/mcp
                    transport: streamable-http
                operational:
                  failureHandling:
                    healthCheckInterval: 1h
                    unhealthyThreshold: 1
                """.formatted(weather.url()));
        await().atMost(WAIT).until(() -> gateway.get("/readyz").statusCode() == 200);
        await().atMost(WAIT).until(() -> "unhealthy".equals(backends().path("backends").path("far").path("Status").asText()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        weather.close();
    }

    private static JsonNode backends() throws Exception {
        return Json.MAPPER.readTree(gateway.get("/api/backends/health").body());
    }

    @Test
    void livenessAndReadinessAnswerAsToolHive() throws Exception {
        for (String path : List.of("/health", "/ping")) {
            HttpResponse<String> r = gateway.get(path);
            assertEquals(200, r.statusCode(), path);
            assertEquals("ok", Json.MAPPER.readTree(r.body()).path("status").asText(), path);
        }
        JsonNode ready = Json.MAPPER.readTree(gateway.get("/readyz").body());
        assertEquals("ready", ready.path("status").asText());
        assertEquals("static", ready.path("mode").asText());
    }

    @Test
    void statusListsBackendsWithHealthTransportAndAuthTypeButNoAddress() throws Exception {
        HttpResponse<String> r = gateway.get("/status");
        assertEquals(200, r.statusCode());
        JsonNode status = Json.MAPPER.readTree(r.body());
        assertTrue(status.path("healthy").asBoolean(), r.body());
        assertEquals(CaravanMain.VERSION, status.path("version").asText());
        assertEquals("ops-group", status.path("group_ref").asText());
        JsonNode far = null;
        for (JsonNode b : status.path("backends")) {
            assertEquals("streamable-http", b.path("transport").asText(), r.body());
            assertEquals("unauthenticated", b.path("auth_type").asText(), r.body());
            if ("far".equals(b.path("name").asText())) {
                far = b;
            }
        }
        assertEquals("unhealthy", far.path("health").asText(), r.body());
        assertTrue(far.path("reason").asText().contains("host name does not resolve"), r.body());
        assertFalse(status.path("config").path("loadedAt").isNull(), r.body());
        assertTrue(status.path("config").path("rejected").isNull(), r.body());
        for (String path : List.of("/status", "/api/backends/health", "/readyz")) {
            assertNoAddress(gateway.get(path).body());
        }
    }

    @Test
    void statusAnswersGetAndHeadOnly() throws Exception {
        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/status"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/status"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void backendsHealthHasToolHivesFieldsAndSummary() throws Exception {
        JsonNode body = backends();
        assertTrue(body.path("monitoring_enabled").asBoolean(), body.toString());
        JsonNode summary = body.path("summary");
        assertEquals(2, summary.path("Total").asInt(), body.toString());
        assertEquals(1, summary.path("Healthy").asInt(), body.toString());
        assertEquals(1, summary.path("Unhealthy").asInt(), body.toString());
        for (String field : List.of("Degraded", "Unknown", "Unauthenticated")) {
            assertEquals(0, summary.path(field).asInt(), field + " " + body);
        }
        JsonNode far = body.path("backends").path("far");
        assertEquals(1, far.path("ConsecutiveFailures").asInt(), body.toString());
        assertEquals("unknown_host", far.path("LastErrorCategory").asText(), body.toString());
        assertFalse(far.path("LastCheckTime").isNull(), body.toString());
        assertFalse(far.path("LastTransitionTime").isNull(), body.toString());
        assertEquals("closed", far.path("CircuitState").asText(), body.toString());
        assertEquals("", body.path("backends").path("weather").path("LastErrorCategory").asText(), body.toString());
    }

    @Test
    void aToolCallToADeadBackendNamesItButNotItsAddress() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(WAIT).until(() -> s.call("tools/list", null).toString().contains("weather_forecast"));
        int port = weather.port();
        try (LogCapture log = LogCapture.start()) {
            weather.stop();
            JsonNode down = s.call("tools/call", "{\"name\":\"weather_forecast\",\"arguments\":{}}");
            assertTrue(down.path("result").path("isError").asBoolean(), down.toString());
            String text = down.path("result").path("content").path(0).path("text").asText();
            assertEquals("backend 'weather' is unreachable (connection refused)", text, down.toString());
            assertFalse(down.toString().contains(String.valueOf(port)), down.toString());
            assertNoAddress(down.toString());
            assertFalse(log.linesContaining("127.0.0.1:" + port).isEmpty(), "the log keeps the address");
        } finally {
            weather.startServer();
        }
    }

    private static void assertNoAddress(String shown) {
        for (String internal : List.of("no-such-host", "4711", "http://", "127.0.0.1:" + weather.port())) {
            assertFalse(shown.contains(internal), "'" + internal + "' in " + shown);
        }
    }
}
