package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ToolHive's visibility keys end to end (excludeAllTools, defaultToolVisibility, filter after
 * overrides) and annotation overrides: what a real MCP client lists, and that a call to a tool it
 * cannot see is answered exactly as a call to a tool that does not exist (ToolHive #6216).
 */
class ToolVisibilityTest {

    private static FixtureBackend red;
    private static FixtureBackend blue;

    @BeforeAll
    static void start() {
        red = FixtureBackend.builder("red").tools("search", "paint").start();
        blue = FixtureBackend.builder("blue").tools("search", "dive").start();
    }

    @AfterAll
    static void stop() {
        red.close();
        blue.close();
    }

    private static String config(String rest) {
        return """
                name: visibility
                backends:
                  - name: red
                    url: %s
                    transport: streamable-http
                  - name: blue
                    url: %s
                    transport: streamable-http
                %s
                """.formatted(red.url(), blue.url(), rest);
    }

    private static List<String> listedOnceStable(McpHttpSession s, int expected) {
        List<String> names = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            names.clear();
            s.call("tools/list", null).path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
            return names.size() == expected;
        });
        return names.stream().sorted().toList();
    }

    private static JsonNode call(McpHttpSession s, String tool) throws Exception {
        return s.call("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":{}}");
    }

    /** The error a client gets for a hidden tool is the one it gets for a name nobody has, name aside. */
    private static void answeredAsUnknown(McpHttpSession s, String hidden) throws Exception {
        JsonNode error = call(s, hidden).path("error");
        JsonNode unknown = call(s, "no_such_tool").path("error");
        assertEquals(unknown.path("code").asInt(), error.path("code").asInt(), error.toString());
        assertEquals(unknown.path("message").asText().replace("no_such_tool", hidden), error.path("message").asText());
        assertFalse(error.toString().contains("127.0.0.1"), error.toString());
    }

    @Test
    void denyByDefaultAdvertisesOnlyBackendsWithAToolsEntry() throws Exception {
        try (LogCapture log = LogCapture.start();
             GatewayHarness gw = GatewayHarness.start(config("""
                     aggregation:
                       defaultToolVisibility: deny
                       tools:
                         - workload: red
                           filter: [paint]
                     metadata: {team: platform}
                     """))) {
            McpHttpSession s = McpHttpSession.open(gw);
            assertEquals(List.of("red_paint"), listedOnceStable(s, 1));
            assertTrue(call(s, "red_paint").path("result").path("content").path(0).path("text").asText()
                    .startsWith("red/paint"));
            answeredAsUnknown(s, "blue_dive");
            answeredAsUnknown(s, "red_search");
            assertEquals(1, log.linesContaining("config keys with no effect in Caravan: metadata (labels only)").size(),
                    log.lines()::toString);
        }
    }

    @Test
    void excludeAllToolsAdvertisesNoneAndCallsAreRefused() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(config("aggregation: {excludeAllTools: true}"))) {
            McpHttpSession s = McpHttpSession.open(gw);
            // stays empty while both backends are fetched and the catalog is built
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                    .until(() -> s.call("tools/list", null).path("result").path("tools").isEmpty());
            answeredAsUnknown(s, "red_paint");
            answeredAsUnknown(s, "blue_search");
        }
    }

    @Test
    void theFilterMatchesNamesAfterOverridesAndAnnotationsReachTheClient() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(config("""
                aggregation:
                  tools:
                    - workload: red
                      filter: [brush, search]
                      overrides:
                        paint:
                          name: brush
                          description: Paints with a brush
                          annotations: {title: Brush, readOnlyHint: false, destructiveHint: true,
                                        idempotentHint: false, openWorldHint: false}
                        search:
                          annotations: {title: Search red, readOnlyHint: true}
                """))) {
            McpHttpSession s = McpHttpSession.open(gw);
            assertEquals(List.of("blue_dive", "blue_search", "red_brush", "red_search"), listedOnceStable(s, 4));
            JsonNode brush = null;
            JsonNode search = null;
            for (JsonNode t : s.call("tools/list", null).path("result").path("tools")) {
                if (t.path("name").asText().equals("red_brush")) {
                    brush = t;
                } else if (t.path("name").asText().equals("red_search")) {
                    search = t;
                }
            }
            assertEquals("Paints with a brush", brush.path("description").asText());
            assertEquals("Brush", brush.at("/annotations/title").asText());
            assertFalse(brush.at("/annotations/readOnlyHint").asBoolean(true));
            assertTrue(brush.at("/annotations/destructiveHint").asBoolean(false));
            assertFalse(brush.at("/annotations/idempotentHint").asBoolean(true));
            assertFalse(brush.at("/annotations/openWorldHint").asBoolean(true));
            assertEquals("Search red", search.at("/annotations/title").asText());
            assertTrue(search.at("/annotations/readOnlyHint").asBoolean(false));
            assertTrue(search.at("/annotations/destructiveHint").isMissingNode(), "unset hints are not invented");
            // the renamed tool reaches the backend under its own name; the old name is unknown
            assertTrue(call(s, "red_brush").path("result").path("content").path(0).path("text").asText()
                    .startsWith("red/paint"));
            answeredAsUnknown(s, "red_paint");
        }
    }
}
