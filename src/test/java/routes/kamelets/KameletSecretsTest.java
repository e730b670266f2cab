package routes.kamelets;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import routes.testing.LogCapture;
import routes.testing.SdkServerBackend;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Kamelets' secrets reach the server and no log line: not when Camel starts the routes, not
 * when a call fails (Camel logs the failed exchange with its route), not when a notification
 * stream cannot connect.
 */
class KameletSecretsTest {

    private static final String TOKEN = "kamelet-secret-7f3a";
    private static final String KEY = "injected-secret-91bc";

    @Test
    void tokensAndKeysNeverReachALogLine() throws Exception {
        try (LogCapture logs = LogCapture.start();
             SdkServerBackend sdk = SdkServerBackend.start("sdk", "echo");
             KameletRoutes routes = KameletRoutes.start("""
                     - route:
                         from:
                           uri: direct:call
                           steps:
                             - kamelet:
                                 name: "mcp-header-injection-action?name=X-Key&secret=%3$s"
                             - to: "kamelet:mcp-tool-action?url=%1$s&toolName=echo&accessToken=%2$s&forwardHeaders=X-Key"
                     - route:
                         from:
                           uri: direct:fail
                           steps:
                             - to: "kamelet:mcp-tool-action?url=%1$s&toolName=missing&accessToken=%2$s"
                     - route:
                         from:
                           uri: "kamelet:mcp-notification-source?url=http://127.0.0.1:1/mcp&accessToken=%2$s&reconnectDelay=100"
                           steps:
                             - to: log:never
                     """.formatted(sdk.url(), TOKEN, KEY))) {
            ProducerTemplate p = routes.camel().createProducerTemplate();
            p.requestBody("direct:call", "{}");
            assertEquals("Bearer " + TOKEN, sdk.requests("POST", "tools/call").get(0).header("Authorization"));
            assertEquals(KEY, sdk.requests("POST", "tools/call").get(0).header("X-Key"));
            assertThrows(Exception.class, () -> p.requestBody("direct:fail", "{}"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !logs.linesContaining("MCP notifications from").isEmpty());
            routes.camel().stop();
            assertFalse(logs.linesContaining("Failed delivery").isEmpty(), "the failed call was logged, with its route");
            assertEquals(java.util.List.of(), logs.linesContaining(TOKEN));
            assertEquals(java.util.List.of(), logs.linesContaining(KEY));
        }
    }
}
