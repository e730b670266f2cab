package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A backend restarted on the same address: the connections the gateway pooled to it are closed
 * by the old process, and the first call after the restart must not be sent on one of them
 * (HttpClient would fail that POST with NoHttpResponseException and, as POST is not idempotent,
 * not retry it).
 */
class BackendRestartTest {

    @Test
    void theFirstCallAfterARestartSucceeds() throws Exception {
        // every pooled connection idle for more than 1 ms is checked before use: the restart
        // below always takes longer, so the test does not depend on timing
        restartAndCall(Map.of("caravan.backend.validate-after-inactivity", "1"));
    }

    @Test
    void aRestartFasterThanTheIdleCheckIsCoveredByOneResend() throws Exception {
        // no pooled connection is checked within a minute: the first POST after the restart goes
        // out on a connection the old process closed, and is sent once more on a fresh one
        restartAndCall(Map.of("caravan.backend.validate-after-inactivity", "60000"));
    }

    private static void restartAndCall(Map<String, String> properties) throws Exception {
        try (FixtureBackend backend = FixtureBackend.builder("restarting").tools("work").start();
             GatewayHarness gw = GatewayHarness.start("""
                     name: restart
                     backends:
                       - name: restarting
                         url: %s
                         transport: streamable-http
                     """.formatted(backend.url()), properties)) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == 1);
            String call = "{\"name\":\"restarting_work\",\"arguments\":{}}";
            assertEquals("restarting/work {}", text(s.call("tools/call", call)));

            backend.stop().startServer();

            // the backend forgot the session too: the gateway opens a new one, on a fresh connection
            assertEquals("restarting/work {}", text(s.call("tools/call", call)));
        }
    }

    private static String text(JsonNode response) {
        return response.has("error") ? "error: " + response.path("error").path("message").asText()
                : response.path("result").path("content").path(0).path("text").asText();
    }
}
