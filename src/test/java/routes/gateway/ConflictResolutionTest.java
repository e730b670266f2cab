package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each naming strategy, filters and overrides, end to end on two backends that both expose
 * {@code search}: what the client lists, and which backend a call reaches.
 */
class ConflictResolutionTest {

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

    private static String config(String aggregation) {
        return """
                name: conflicts
                backends:
                  - name: red
                    url: %s
                    transport: streamable-http
                  - name: blue
                    url: %s
                    transport: streamable-http
                aggregation:
                %s
                """.formatted(red.url(), blue.url(), aggregation.indent(2));
    }

    private static List<String> listed(McpHttpSession s, int expected) {
        List<String> names = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            names.clear();
            s.call("tools/list", null).path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
            return names.size() == expected;
        });
        return names.stream().sorted().toList();
    }

    private static String callText(McpHttpSession s, String tool) throws Exception {
        JsonNode r = s.call("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":{}}");
        return r.path("result").path("content").path(0).path("text").asText();
    }

    @Test
    void prefixRenamesEveryTool() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(config("conflictResolution: prefix"))) {
            McpHttpSession s = McpHttpSession.open(gw);
            assertEquals(List.of("blue_dive", "blue_search", "red_paint", "red_search"), listed(s, 4));
            assertTrue(callText(s, "red_search").startsWith("red/search"));
            assertTrue(callText(s, "blue_search").startsWith("blue/search"));
        }
    }

    @Test
    void customPrefixFormat() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(config("""
                conflictResolution: prefix
                conflictResolutionConfig:
                  prefixFormat: "{workload}."
                """))) {
            assertEquals(List.of("blue.dive", "blue.search", "red.paint", "red.search"), listed(McpHttpSession.open(gw), 4));
        }
    }

    @Test
    void priorityKeepsBareNamesAndTheFirstListedBackendWins() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(config("""
                conflictResolution: priority
                conflictResolutionConfig:
                  priorityOrder: [blue, red]
                """))) {
            McpHttpSession s = McpHttpSession.open(gw);
            assertEquals(List.of("dive", "paint", "search"), listed(s, 3));
            assertTrue(callText(s, "search").startsWith("blue/search"));
        }
    }

    @Test
    void manualResolvesTheConflictWithAnOverride() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(config("""
                conflictResolution: manual
                tools:
                  - workload: red
                    overrides:
                      search: {name: red_search, description: "Search the red archive"}
                """))) {
            McpHttpSession s = McpHttpSession.open(gw);
            assertEquals(List.of("dive", "paint", "red_search", "search"), listed(s, 4));
            assertTrue(callText(s, "red_search").startsWith("red/search"));
            assertTrue(callText(s, "search").startsWith("blue/search"));
            JsonNode tools = s.call("tools/list", null).path("result").path("tools");
            for (JsonNode t : tools) {
                if (t.path("name").asText().equals("red_search")) {
                    assertEquals("Search the red archive", t.path("description").asText());
                }
            }
        }
    }

    @Test
    void manualWithAnUnresolvedConflictServesNoCollidingCatalog() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(config("""
                conflictResolution: manual
                tools:
                  - workload: red
                    overrides:
                      paint: {name: red_paint}
                """))) {
            McpHttpSession s = McpHttpSession.open(gw);
            // "search" stays unresolved: the catalog is refused rather than served ambiguous
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> s.call("tools/list", null).path("result").path("tools").isEmpty());
        }
    }

    @Test
    void filterAdvertisesOnlyTheListedTools() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(config("""
                conflictResolution: prefix
                tools:
                  - workload: red
                    filter: [paint]
                  - workload: blue
                    excludeAll: true
                """))) {
            assertEquals(List.of("red_paint"), listed(McpHttpSession.open(gw), 1));
        }
    }
}
