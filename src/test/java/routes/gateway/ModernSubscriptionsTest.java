package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.testing.GatewayHarness;
import routes.testing.ModernBackend;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a 2026-07-28 backend says between requests comes on subscriptions/listen streams: a
 * 2025-11-25 client's resources/subscribe becomes the resourceSubscriptions of a listen stream of
 * its own (the revision has no resources/subscribe), its updates reach that client, unsubscribing
 * closes it; and the catalog listens for the backend's list changes.
 */
class ModernSubscriptionsTest {

    private static ModernBackend modern;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        modern = ModernBackend.start();
        gateway = GatewayHarness.start("""
                name: modern-subscriptions
                operational:
                  failureHandling: {healthCheckInterval: 1h}
                backends:
                  - name: new
                    url: %s
                    transport: streamable-http
                """.formatted(modern.url()));
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> s.call("resources/list", null).path("result").path("resources").size() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        modern.close();
    }

    @Test
    void aLegacyClientsSubscriptionBecomesAListenStreamAndItsUpdatesReachIt() throws Exception {
        List<String> read = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(gateway.baseUrl()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(15))
                // the SDK client reads the resource again when told it changed
                .resourcesUpdateConsumer(contents -> contents.forEach(c -> read.add(((McpSchema.TextResourceContents) c).text())))
                .build()) {
            client.initialize();
            client.subscribeResource(new McpSchema.SubscribeRequest(ModernBackend.RESOURCE));

            assertTrue(modern.seen("resources/subscribe").isEmpty(), "the revision has no resources/subscribe");
            JsonNode filter = subscriptionFilter();
            assertEquals(ModernBackend.RESOURCE, filter.path("resourceSubscriptions").path(0).asText(), filter.toString());

            modern.resourceUpdated(ModernBackend.RESOURCE);
            await().atMost(Duration.ofSeconds(10)).until(() -> read.contains("contents of " + ModernBackend.RESOURCE));

            client.unsubscribeResource(new McpSchema.UnsubscribeRequest(ModernBackend.RESOURCE));
            await().atMost(Duration.ofSeconds(5)).until(() -> modern.openListens().stream()
                    .noneMatch(f -> f.has("resourceSubscriptions")));
            int before = read.size();
            modern.resourceUpdated(ModernBackend.RESOURCE);
            Thread.sleep(300);
            assertEquals(before, read.size(), "no update after unsubscribing");
        }
    }

    @Test
    void aClientSessionEndingClosesItsListenStream() throws Exception {
        McpHttpSession client = McpHttpSession.open(gateway);
        JsonNode r = client.call("resources/subscribe", "{\"uri\":\"" + ModernBackend.RESOURCE + "\"}");
        assertTrue(r.path("result").isObject(), r.toString());
        subscriptionFilter();
        assertEquals(204, client.end().statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> modern.openListens().stream()
                .noneMatch(f -> f.has("resourceSubscriptions")));
    }

    @Test
    void theCatalogHearsTheBackendsListChangesOnItsListenStream() {
        await().atMost(Duration.ofSeconds(10)).until(() -> modern.openListens().stream()
                .anyMatch(f -> f.path("toolsListChanged").asBoolean()));
        int lists = modern.seen("tools/list").size();
        modern.toolsChanged();
        await().atMost(Duration.ofSeconds(10)).until(() -> modern.seen("tools/list").size() > lists);
    }

    /** The filter of the one open listen stream that carries resource subscriptions. */
    private static JsonNode subscriptionFilter() {
        await().atMost(Duration.ofSeconds(10)).until(() -> modern.openListens().stream().anyMatch(f -> f.has("resourceSubscriptions")));
        return modern.openListens().stream().filter(f -> f.has("resourceSubscriptions")).findFirst().orElseThrow();
    }
}
