package routes.gateway;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.SdkServerBackend;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official MCP Java SDK client against the gateway in front of two real backends: our
 * fixture server and the SDK's own server (an independent implementation).
 */
class GatewayEndToEndTest {

    private static FixtureBackend alpha;
    private static SdkServerBackend beta;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        alpha = FixtureBackend.builder("alpha").tools("search", "fetch").prompts("brief")
                .resources("alpha://readme").start();
        beta = SdkServerBackend.start("beta", "search", "translate");
        gateway = GatewayHarness.start("""
                name: e2e
                backends:
                  - name: alpha
                    url: %s
                    transport: streamable-http
                  - name: beta
                    url: %s
                    transport: streamable-http
                """.formatted(alpha.url(), beta.url()));
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == 4);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        alpha.close();
        beta.close();
    }

    static McpSyncClient client(GatewayHarness gw) {
        return McpClient.sync(HttpClientStreamableHttpTransport.builder(gw.baseUrl()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(15)).build();
    }

    static List<String> toolNames(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).sorted().toList();
    }

    @Test
    void sdkClientUsesBothBackendsThroughTheGateway() throws Exception {
        try (McpSyncClient client = client(gateway)) {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals("caravan", init.serverInfo().name());

            await().atMost(Duration.ofSeconds(15)).until(() -> toolNames(client).size() == 4);
            assertEquals(List.of("alpha_fetch", "alpha_search", "beta_search", "beta_translate"), toolNames(client));

            McpSchema.CallToolResult a = client.callTool(new McpSchema.CallToolRequest("alpha_search", Map.of("q", "x")));
            assertFalse(Boolean.TRUE.equals(a.isError()));
            assertTrue(text(a).startsWith("alpha/search"), text(a));
            McpSchema.CallToolResult b = client.callTool(new McpSchema.CallToolRequest("beta_search", Map.of("q", "y")));
            assertFalse(Boolean.TRUE.equals(b.isError()));
            assertTrue(text(b).contains("beta"), text(b));

            McpSchema.ReadResourceResult res = client.readResource(new McpSchema.ReadResourceRequest("alpha://readme"));
            assertEquals("alpha://readme", ((McpSchema.TextResourceContents) res.contents().get(0)).uri());

            McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("alpha_brief", Map.of()));
            assertFalse(prompt.messages().isEmpty());

            // the backends saw their own names, never the prefixed ones
            assertEquals("search", routes.protocol.Json.MAPPER.readTree(alpha.lastRequest("tools/call").body())
                    .path("params").path("name").asText());
            assertTrue(client.closeGracefully());
        }
    }

    @Test
    void clientHeadersNeverReachABackend() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        alpha.clearRequests();
        s.call("tools/call", "{\"name\":\"alpha_fetch\",\"arguments\":{}}",
                Map.of("Authorization", "Bearer client-secret", "Cookie", "sid=1",
                        "X-Forwarded-For", "10.1.2.3", "User-Agent", "client-agent/1.0", "X-Custom", "c"));
        var seen = alpha.lastRequest("tools/call");
        for (String h : List.of("authorization", "cookie", "x-forwarded-for", "x-custom")) {
            assertEquals(null, seen.header(h), h + " leaked to the backend");
        }
        assertFalse(String.valueOf(seen.header("user-agent")).contains("client-agent"));
        assertTrue(seen.headers().keySet().stream().noneMatch(k -> k.toLowerCase().startsWith("camel")),
                "Camel headers leaked: " + seen.headers().keySet());
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }
}
