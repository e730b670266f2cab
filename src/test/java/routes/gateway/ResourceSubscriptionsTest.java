package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.GatewayHarness;
import routes.testing.RecordedRequest;
import routes.testing.SdkServerBackend;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * resources/subscribe and resources/unsubscribe go to the backend that owns the URI, in the
 * client's own session with it (a subscription is per-session state), and initialize advertises
 * {@code subscribe: true} only while some backend takes subscriptions.
 */
class ResourceSubscriptionsTest {

    private static final String DOC = "file:///docs/readme.md";

    private SdkServerBackend docs;
    private SdkServerBackend plain;
    private GatewayHarness gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (SdkServerBackend b : new SdkServerBackend[] {docs, plain}) {
            if (b != null) {
                b.close();
            }
        }
    }

    private void start(boolean withDocs) throws Exception {
        plain = SdkServerBackend.start("plain", "echo");
        StringBuilder config = new StringBuilder("""
                name: subscriptions
                backends:
                  - name: plain
                    url: %s
                    transport: streamable-http
                """.formatted(plain.url()));
        if (withDocs) {
            docs = SdkServerBackend.builder("docs").tools("echo").resources(DOC).start();
            config.append("""
                      - name: docs
                        url: %s
                        transport: streamable-http
                    """.formatted(docs.url()));
        }
        gateway = GatewayHarness.start(config.toString());
        McpHttpSession s = McpHttpSession.open(gateway);
        int tools = withDocs ? 2 : 1;
        await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == tools);
    }

    private JsonNode advertisedResources() throws Exception {
        return McpHttpSession.responseOf(gateway.post("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""",
                Map.of("Content-Type", "application/json", "Accept", McpHttpSession.ACCEPT)))
                .path("result").path("capabilities").path("resources");
    }

    @Test
    void aResourceUpdateReachesTheClientThatSubscribed() throws Exception {
        start(true);
        List<String> read = new CopyOnWriteArrayList<>();
        try (McpSyncClient a = McpClient.sync(HttpClientStreamableHttpTransport.builder(gateway.baseUrl()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(15))
                // the SDK client reads the resource again when told it changed
                .resourcesUpdateConsumer(contents -> contents.forEach(c -> read.add(((McpSchema.TextResourceContents) c).text())))
                .build()) {
            a.initialize();
            a.subscribeResource(new McpSchema.SubscribeRequest(DOC));
            // the client listens (its GET stream), so its backend session listens too: wait for that stream
            String backendSession = docs.requests("POST", "resources/subscribe").get(0).header("Mcp-Session-Id");
            await().atMost(Duration.ofSeconds(10)).until(() -> docs.requests("GET", null).stream()
                    .anyMatch(r -> backendSession.equals(r.header("Mcp-Session-Id"))));
            docs.resourceUpdated(DOC);
            await().atMost(Duration.ofSeconds(10)).until(() -> read.contains("contents of " + DOC));
        }
    }

    @Test
    void subscribeIsAdvertisedOnlyWhileABackendTakesSubscriptions() throws Exception {
        start(false);
        assertFalse(advertisedResources().path("subscribe").asBoolean(), advertisedResources().toString());
    }

    @Test
    void subscriptionsGoToTheOwningBackendInEachClientsOwnSession() throws Exception {
        start(true);
        assertTrue(advertisedResources().path("subscribe").asBoolean(), advertisedResources().toString());
        try (McpSyncClient a = GatewayEndToEndTest.client(gateway); McpSyncClient b = GatewayEndToEndTest.client(gateway)) {
            a.initialize();
            b.initialize();
            a.subscribeResource(new McpSchema.SubscribeRequest(DOC));
            b.subscribeResource(new McpSchema.SubscribeRequest(DOC));
            a.unsubscribeResource(new McpSchema.UnsubscribeRequest(DOC));

            McpError unknown = assertThrows(McpError.class,
                    () -> a.subscribeResource(new McpSchema.SubscribeRequest("file:///nowhere")));
            assertEquals(-32002, unknown.getJsonRpcError().code(), unknown.getMessage());
        }
        List<RecordedRequest> subscribes = docs.requests("POST", "resources/subscribe");
        List<RecordedRequest> unsubscribes = docs.requests("POST", "resources/unsubscribe");
        assertEquals(2, subscribes.size());
        assertEquals(1, unsubscribes.size());
        assertEquals(DOC, Json.MAPPER.readTree(subscribes.get(0).body()).path("params").path("uri").asText());
        assertNotEquals(subscribes.get(0).header("Mcp-Session-Id"), subscribes.get(1).header("Mcp-Session-Id"),
                "each client subscribes in its own backend session");
        assertEquals(subscribes.get(0).header("Mcp-Session-Id"), unsubscribes.get(0).header("Mcp-Session-Id"));
        assertTrue(plain.requests("POST", "resources/subscribe").isEmpty(), "only the owner hears of it");
    }
}
