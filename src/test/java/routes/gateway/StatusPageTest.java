package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status page over real HTTP: served on the management port (and on the MCP port only when
 * caravan.ui.public is true), its JSON document shows backends, tools with their origin, the
 * config in force and sessions, and never a secret value; the public document names no host.
 */
class StatusPageTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET_VALUE = "s3cr3t-token-value-7f1c";
    private static final String PLAIN_VALUE = "plain-header-value-93ab";

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return Json.MAPPER.readTree(answer.body());
    }

    private static JsonNode backend(JsonNode doc, String name) {
        for (JsonNode b : doc.path("backends")) {
            if (b.path("name").asText().equals(name)) {
                return b;
            }
        }
        throw new AssertionError("no backend " + name + " in " + doc);
    }

    @Test
    void demoPageOnTheManagementPortOnly() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(null)) {
            String page = gw.managementUrl() + "/caravan/";
            await().atMost(WAIT).until(() -> gw.get("/readyz").statusCode() == 200);

            HttpResponse<String> html = gw.get(page);
            assertEquals(200, html.statusCode());
            assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(html.body().contains("src=\"status.js\""), html.body());
            assertTrue(html.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
            assertTrue(gw.get(page + "status.js").body().contains("textContent"));
            assertEquals(200, gw.get(page + "status.css").statusCode());
            assertEquals(404, gw.get(page + "nothing-here").statusCode());
            assertEquals(308, gw.get(gw.managementUrl() + "/caravan").statusCode());
            // not on the MCP port unless caravan.ui.public is true
            assertEquals(404, gw.get("/caravan/").statusCode());
            assertEquals(404, gw.get("/caravan/status.json").statusCode());

            McpHttpSession session = McpHttpSession.open(gw);
            session.call("tools/call", "{\"name\":\"weather_get_forecast\",\"arguments\":{\"city\":\"Oslo\",\"days\":1}}");
            JsonNode doc = json(gw.get(page + "status.json"));
            assertEquals("operator", doc.path("audience").asText());
            assertEquals("Ready", doc.path("gateway").path("phase").asText(), doc.toString());
            JsonNode weather = backend(doc, "weather");
            assertEquals("healthy", weather.path("health").asText());
            assertEquals("streamable-http", weather.path("transport").asText());
            assertEquals(2, weather.path("tools").asInt());
            assertEquals("disabled", weather.path("circuit").asText());
            assertTrue(weather.path("lastError").isNull(), weather.toString());
            List<String> tools = new ArrayList<>();
            for (JsonNode t : doc.path("tools")) {
                tools.add(t.path("name").asText() + "<-" + t.path("backend").asText() + "/" + t.path("originalName").asText());
            }
            assertTrue(tools.contains("weather_get_forecast<-weather/get_forecast"), tools.toString());
            assertTrue(tools.contains("notes_add_note<-notes/add_note"), tools.toString());

            JsonNode config = doc.path("config");
            assertEquals("caravan-demo", config.path("name").asText());
            assertEquals("built-in demo config", config.path("source").asText());
            assertEquals("prefix", config.path("conflictResolution").asText());
            assertFalse(config.path("loadedAt").asText().isEmpty());
            assertTrue(config.has("rejected") && config.path("rejected").isNull(), config.toString());

            JsonNode sessions = doc.path("sessions");
            assertEquals(1, sessions.path("count").asInt());
            JsonNode mine = sessions.path("list").get(0);
            assertEquals(session.id.substring(0, 8) + "…", mine.path("id").asText());
            assertFalse(doc.toString().contains(session.id), "the full session id is never shown");
            assertEquals("[\"weather\"]", mine.path("backends").toString());
        }
    }

    @Test
    void publicPageShowsCategoriesAndNoSecretsOrHosts() throws Exception {
        Path secrets = Files.createTempDirectory("caravan-ui-secrets");
        Files.createDirectories(secrets.resolve("cap-token"));
        Files.writeString(secrets.resolve("cap-token").resolve("token"), SECRET_VALUE);
        int closedPort = AvailablePortFinder.getNextAvailable();
        try (FixtureBackend alpha = FixtureBackend.builder("alpha").tools("search").start();
             GatewayHarness gw = GatewayHarness.start("""
                     name: ui-test
                     groupRef: team-tools
                     backends:
                       - name: alpha
                         url: %s
                         transport: streamable-http
                         headerForward:
                           addPlaintextHeaders: {X-Plain: "%s"}
                           addHeadersFromSecret:
                             - headerName: X-Api-Key
                               valueSecretRef: {name: cap-token, key: token}
                       - name: gone
                         url: http://127.0.0.1:%d/mcp
                         transport: streamable-http
                     operational:
                       failureHandling:
                         healthCheckInterval: 300ms
                         healthCheckTimeout: 250ms
                         unhealthyThreshold: 1
                     """.formatted(alpha.url(), PLAIN_VALUE, closedPort),
                     Map.of("caravan.ui.public", "true", "caravan.secrets.dir", secrets.toString(),
                             "caravan.secrets.kubernetes", "false"))) {
            String operatorJson = gw.managementUrl() + "/caravan/status.json";
            await().atMost(WAIT).until(() -> backend(json(gw.get(operatorJson)), "gone").path("health").asText()
                    .equals("unhealthy"));

            HttpResponse<String> operatorAnswer = gw.get(operatorJson);
            JsonNode operator = json(operatorAnswer);
            JsonNode alphaRow = backend(operator, "alpha");
            assertEquals(1, alphaRow.path("tools").asInt(), alphaRow.toString());
            assertEquals(alpha.url(), alphaRow.path("url").asText());
            assertTrue(alphaRow.path("headers").toString().contains("{\"name\":\"X-Api-Key\",\"from\":\"secret cap-token/token\"}"),
                    alphaRow.toString());
            assertTrue(alphaRow.path("headers").toString().contains("{\"name\":\"X-Plain\",\"from\":\"value in the config\"}"),
                    alphaRow.toString());
            JsonNode goneRow = backend(operator, "gone");
            assertNotNull(goneRow.path("lastError").textValue(), goneRow.toString());
            assertEquals("connection", goneRow.path("errorCategory").asText());
            assertEquals("team-tools", operator.path("config").path("group").asText());
            assertFalse(operatorAnswer.body().contains(SECRET_VALUE));
            assertFalse(operatorAnswer.body().contains(PLAIN_VALUE));

            McpHttpSession session = McpHttpSession.open(gw);
            HttpResponse<String> publicAnswer = gw.get("/caravan/status.json");
            JsonNode open = json(publicAnswer);
            assertEquals(1, open.path("sessions").path("count").asInt());
            assertFalse(open.path("sessions").path("list").get(0).has("id"), open.path("sessions").toString());
            assertFalse(publicAnswer.body().contains(session.id.substring(0, 8)));
            assertEquals("public", open.path("audience").asText());
            assertEquals("connection", backend(open, "gone").path("errorCategory").asText());
            for (String hidden : List.of(SECRET_VALUE, PLAIN_VALUE, "127.0.0.1", "localhost", "http://", "lastError",
                    "\"source\"", "\"headers\"", "cap-token")) {
                assertFalse(publicAnswer.body().contains(hidden), hidden + " in " + publicAnswer.body());
            }
            assertEquals(200, gw.get("/caravan/").statusCode());

            // a broken edit: the config in force stays, the page shows the rejection
            gw.rewriteConfig("name: ui-test\nbackends: [{name: alpha, url: not-a-url, transport: streamable-http}]\n");
            await().atMost(WAIT).until(() -> !json(gw.get(operatorJson)).path("config").path("rejected").isNull());
            JsonNode rejected = json(gw.get(operatorJson)).path("config").path("rejected");
            assertFalse(rejected.path("at").asText().isEmpty(), rejected.toString());
            assertTrue(rejected.path("problems").toString().contains("url"), rejected.toString());
            assertEquals("ui-test", json(gw.get(operatorJson)).path("config").path("name").asText());
            JsonNode publicRejected = json(gw.get("/caravan/status.json")).path("config").path("rejected");
            assertFalse(publicRejected.path("at").asText().isEmpty(), publicRejected.toString());
            assertFalse(publicRejected.has("problems"), publicRejected.toString());
        }
    }
}
