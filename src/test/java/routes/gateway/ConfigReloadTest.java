package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A config file broken or deleted while the gateway runs: one log line per problem (not one per
 * poll), the last good config stays in force, and /status and the metrics say that a newer config
 * was rejected, when and why, until a good file replaces it.
 */
class ConfigReloadTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final String GOOD = """
            name: reload
            backends:
              - name: weather
                url: %s
                transport: streamable-http
            """;

    @Test
    void aRejectedConfigShowsInStatusAndMetricsUntilAGoodOneArrives() throws Exception {
        try (FixtureBackend weather = FixtureBackend.builder("weather").tools("forecast").start();
             GatewayHarness gw = GatewayHarness.start(GOOD.formatted(weather.url()));
             LogCapture log = LogCapture.start()) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(WAIT).until(() -> s.call("tools/list", null).toString().contains("weather_forecast"));
            Path file = Path.of(config(gw).path("source").asText());
            assertTrue(config(gw).path("rejected").isNull());

            gw.rewriteConfig(GOOD.formatted(weather.url()) + "    colour: red\n");
            await().atMost(WAIT).until(() -> !config(gw).path("rejected").isNull());
            JsonNode rejected = config(gw).path("rejected");
            assertTrue(rejected.path("problems").toString().contains("colour"), rejected.toString());
            assertFalse(rejected.path("at").asText().isEmpty(), rejected.toString());
            assertEquals(1.0, metric(gw, "caravan_config_last_reload_rejected"));
            assertEquals(1.0, metric(gw, "caravan_config_reloads_rejected_total"));
            // the last good config still serves
            assertTrue(s.call("tools/list", null).toString().contains("weather_forecast"));
            // several polls later, still one line for the same problem, with no stack trace
            Thread.sleep(1000);
            assertEquals(1, log.linesContaining("not applied").size(), log.lines().toString());
            assertFalse(log.linesContaining("not applied").get(0).contains("\tat "), log.lines().toString());

            Files.delete(file);
            await().atMost(WAIT).until(() -> config(gw).path("rejected").path("problems").toString()
                    .contains("config file " + file + " does not exist"));
            assertEquals(2.0, metric(gw, "caravan_config_reloads_rejected_total"));
            assertTrue(s.call("tools/list", null).toString().contains("weather_forecast"));

            // a good file again (the content in force): the rejection no longer stands
            gw.rewriteConfig(GOOD.formatted(weather.url()));
            await().atMost(WAIT).until(() -> config(gw).path("rejected").isNull());
            assertEquals(0.0, metric(gw, "caravan_config_last_reload_rejected"));
            assertEquals(2, log.linesContaining("not applied").size(), log.lines().toString());
        }
    }

    private static JsonNode config(GatewayHarness gw) throws Exception {
        return Json.MAPPER.readTree(gw.get("/status").body()).path("config");
    }

    private static double metric(GatewayHarness gw, String name) throws Exception {
        for (String line : gw.get(gw.managementUrl() + "/observe/metrics").body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric " + name);
    }
}
