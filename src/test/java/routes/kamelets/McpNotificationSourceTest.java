package routes.kamelets;

import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.SdkServerBackend;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code mcp-notification-source} in a plain Camel context against the official SDK's server: it
 * subscribes, opens the GET stream, and each notification the server sends becomes an exchange.
 * Stopping Camel ends the MCP session.
 */
class McpNotificationSourceTest {

    private static final String DOC = "doc://reports/today";

    @Test
    void resourceUpdatesAndListChangesBecomeExchanges() throws Exception {
        try (SdkServerBackend docs = SdkServerBackend.builder("docs").tools("echo").resources(DOC).start();
             KameletRoutes routes = KameletRoutes.start("""
                     - route:
                         from:
                           uri: "kamelet:mcp-notification-source?url=%s&subscribe=%s&reconnectDelay=200"
                           steps:
                             - to: mock:notifications
                     """.formatted(docs.url(), DOC))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !docs.requests("GET", null).isEmpty());
            assertEquals(1, docs.requests("POST", "resources/subscribe").size());

            docs.resourceUpdated(DOC);
            MockEndpoint mock = routes.camel().getEndpoint("mock:notifications", MockEndpoint.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> methods(mock).contains("notifications/resources/updated"));
            Exchange updated = mock.getExchanges().stream()
                    .filter(e -> "notifications/resources/updated".equals(e.getMessage().getHeader("McpNotificationMethod")))
                    .findFirst().orElseThrow();
            assertEquals(DOC, Json.MAPPER.readTree(updated.getMessage().getBody(String.class)).at("/params/uri").asText());

            docs.addTool("added-later");
            await().atMost(Duration.ofSeconds(10)).until(() -> methods(mock).contains("notifications/tools/list_changed"));

            String session = docs.requests("GET", null).get(0).header("Mcp-Session-Id");
            routes.camel().stop();
            assertFalse(docs.requests("DELETE", null).isEmpty(), "the MCP session ends with Camel");
            assertEquals(session, docs.requests("DELETE", null).get(0).header("Mcp-Session-Id"));
        }
    }

    private static List<Object> methods(MockEndpoint mock) {
        return mock.getExchanges().stream().map(e -> e.getMessage().getHeader("McpNotificationMethod")).toList();
    }
}
