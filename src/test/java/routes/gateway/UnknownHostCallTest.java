package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a failing backend is stays in the log: a client's tools/call, /status and
 * /api/backends/health name the backend and what happened, the log also its address. A dead port
 * fails the call itself; a backend moved to a host that does not resolve leaves the catalog, so
 * its tools are no longer offered at all.
 */
class UnknownHostCallTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CONFIG = """
            name: moved
            backends:
              - name: far
                url: %s
                transport: streamable-http
            operational:
              failureHandling: {healthCheckInterval: 1h}
            """;

    @Test
    void aCallToADeadPortIsLoggedWithTheAddressAndAnsweredWithout() throws Exception {
        try (FixtureBackend far = FixtureBackend.builder("far").tools("echo").start();
             GatewayHarness gw = GatewayHarness.start(CONFIG.formatted(far.url()));
             LogCapture log = LogCapture.start()) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(WAIT).until(() -> s.call("tools/list", null).toString().contains("far_echo"));
            String address = "127.0.0.1:" + far.port();
            far.stop();
            JsonNode r = s.call("tools/call", "{\"name\":\"far_echo\",\"arguments\":{}}");
            String text = r.path("result").path("content").path(0).path("text").asText();
            assertTrue(r.path("result").path("isError").asBoolean(), r.toString());
            assertTrue(text.startsWith("backend 'far' is unreachable"), r.toString());
            for (String where : List.of(address, String.valueOf(far.port()), "http://")) {
                assertFalse(r.toString().contains(where), r.toString());
            }
            assertFalse(log.linesContaining("tools/call failed: backend 'far' is unreachable at http://" + address).isEmpty(),
                    String.join("\n", log.lines()));
        }
    }

    @Test
    void aBackendMovedToAnUnknownHostLeavesTheCatalogAndOnlyTheLogNamesTheHost() throws Exception {
        try (FixtureBackend far = FixtureBackend.builder("far").tools("echo").start();
             GatewayHarness gw = GatewayHarness.start(CONFIG.formatted(far.url()));
             LogCapture log = LogCapture.start()) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(WAIT).until(() -> s.call("tools/list", null).toString().contains("far_echo"));
            gw.rewriteConfig(CONFIG.formatted("http://no-such-host.invalid:4711/mcp"));
            await().atMost(WAIT).until(() -> !s.call("tools/list", null).toString().contains("far_echo"));
            JsonNode r = s.call("tools/call", "{\"name\":\"far_echo\",\"arguments\":{}}");
            assertEquals("Unknown tool: far_echo", r.path("error").path("message").asText(), r.toString());
            await().atMost(WAIT).until(() -> gw.get("/status").body().contains("\"last_error_category\":\"dns\""));
            for (String path : List.of("/status", "/api/backends/health", "/readyz")) {
                String body = gw.get(path).body();
                for (String where : List.of("no-such-host", "4711", "http://")) {
                    assertFalse(body.contains(where), path + " shows '" + where + "': " + body);
                }
            }
            assertFalse(log.linesContaining("no-such-host.invalid").isEmpty(), "the log names the host");
        }
    }
}
