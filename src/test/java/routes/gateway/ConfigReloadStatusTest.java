package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;

import java.nio.file.Files;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A config file broken or deleted while the gateway runs: one log line, the last good config
 * stays in force, and /status and a metric say a newer config was rejected until a good one comes.
 * The config also decides live whether /metrics is on the MCP port.
 */
class ConfigReloadStatusTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String config(FixtureBackend b, boolean metrics) {
        return """
                name: reload
                backends:
                  - {name: %s, url: "%s", transport: streamable-http}
                telemetry:
                  enablePrometheusMetricsPath: %s
                """.formatted(b.name(), b.url(), metrics);
    }

    @Test
    void aRejectedReloadIsVisibleUntilAGoodFileReturns() throws Exception {
        try (FixtureBackend a = FixtureBackend.start("a");
             LogCapture logs = LogCapture.start();
             GatewayHarness gw = GatewayHarness.start(config(a, false))) {
            JsonNode first = status(gw).path("config");
            assertEquals("reload", first.path("name").asText());
            assertTrue(first.path("rejected").isNull(), first.toString());
            assertEquals(404, gw.get("/metrics").statusCode(), "off in this config");

            gw.rewriteConfig("name: reload\nbackends: [{name: a, url: \"http://10.1.2.3/mcp\", transport: carrier-pigeon}]\n");
            await().atMost(WAIT).until(() -> !status(gw).path("config").path("rejected").isNull());
            JsonNode rejected = status(gw).path("config").path("rejected");
            assertEquals(1, rejected.path("problems").asInt(), rejected.toString());
            assertFalse(status(gw).toString().contains("10.1.2.3"), "the problem text stays in the log");
            assertEquals("reload", status(gw).path("config").path("name").asText(), "the last good config stays in force");
            assertEquals("1.0", metric(gw, "caravan_config_reload_rejected"));
            Thread.sleep(1000); // several polls of the same bad file
            assertEquals(1, logs.linesContaining("not applied, the last good config stays in force").size(), logs.lines().toString());
            assertTrue(logs.linesContaining("transport").size() >= 1, "the log says what is wrong");

            Files.delete(gw.configFile());
            await().atMost(WAIT).until(() -> logs.linesContaining("does not exist (deleted?)").size() == 1);

            gw.rewriteConfig(config(a, true));
            await().atMost(WAIT).until(() -> status(gw).path("config").path("rejected").isNull());
            assertEquals("0.0", metric(gw, "caravan_config_reload_rejected"));
            assertEquals("2.0", metric(gw, "caravan_config_reload_rejections_total"));
            // the new config turned /metrics on, without a restart
            assertEquals(200, gw.get("/metrics").statusCode());
            assertTrue(gw.get("/metrics").body().contains("caravan_config_reload_rejected"));
        }
    }

    private static JsonNode status(GatewayHarness gw) throws Exception {
        return Json.MAPPER.readTree(gw.get("/status").body());
    }

    /** The value of an unlabelled series on the management port's Prometheus text. */
    private static String metric(GatewayHarness gw, String name) throws Exception {
        for (String line : gw.get(gw.managementUrl() + "/observe/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        throw new AssertionError("no " + name);
    }
}
