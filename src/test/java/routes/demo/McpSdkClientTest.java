package routes.demo;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The official MCP Java SDK 2.1.0 client against the demo backends on netty-http. */
class McpSdkClientTest {

    private static RunningDemoBackends demo;
    private final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    private final List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        demo = new RunningDemoBackends();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private McpSyncClient client(String name) {
        return client(demo, name);
    }

    private McpSyncClient client(RunningDemoBackends backends, String name) {
        return McpClient.sync(HttpClientStreamableHttpTransport.builder(backends.baseUrl())
                        .endpoint("/" + name + "/mcp").build())
                .requestTimeout(Duration.ofSeconds(10))
                .progressConsumer(progress::add)
                .loggingConsumer(logs::add)
                .build();
    }

    @Test
    void weatherToolsResourcesPromptsAndCompletions() throws Exception {
        // Own backends: other tests' clients close their sessions asynchronously, which would skew the count.
        try (RunningDemoBackends own = new RunningDemoBackends()) {
            weatherEndToEnd(own);
        }
    }

    private void weatherEndToEnd(RunningDemoBackends backends) {
        McpServerEngine engine = backends.backends().engines().get("weather");
        int sessionsBefore = engine.transport().sessionCount();
        McpSyncClient client = client(backends, "weather");
        McpSchema.InitializeResult init = client.initialize();
        assertEquals("2025-11-25", init.protocolVersion());
        assertEquals("weather", init.serverInfo().name());
        assertEquals(sessionsBefore + 1, engine.transport().sessionCount());

        assertEquals(List.of("get_forecast", "echo"), client.listTools().tools().stream().map(McpSchema.Tool::name).toList());
        McpSchema.CallToolResult echo = client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "hello")));
        assertEquals("weather echo: hello", text(echo));

        McpSchema.CallToolResult unknownCity = client.callTool(new McpSchema.CallToolRequest("get_forecast", Map.of("city", "Atlantis")));
        assertTrue(unknownCity.isError());

        McpSchema.ReadResourceResult cities = client.readResource(new McpSchema.ReadResourceRequest("weather://cities"));
        assertTrue(((McpSchema.TextResourceContents) cities.contents().get(0)).text().contains("Lisbon"));
        McpSchema.ReadResourceResult lisbon = client.readResource(new McpSchema.ReadResourceRequest("weather://forecast/lisbon"));
        assertEquals(WeatherDemo.forecastText("Lisbon", 3), ((McpSchema.TextResourceContents) lisbon.contents().get(0)).text());
        assertEquals("weather://forecast/{city}", client.listResourceTemplates().resourceTemplates().get(0).uriTemplate());

        McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("plan_outing",
                Map.of("city", "Oslo", "activity", "cycling")));
        assertTrue(((McpSchema.TextContent) prompt.messages().get(0).content()).text().contains("Oslo with the tool get_forecast"));
        assertEquals("The planned activity is cycling: choose the day that suits it best.", ((McpSchema.TextContent) prompt.messages().get(1).content()).text());

        McpSchema.CompleteResult completion = client.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.PromptReference("plan_outing"), new McpSchema.CompleteRequest.CompleteArgument("city", "O")));
        assertEquals(List.of("Oslo"), completion.completion().values());

        client.setLoggingLevel(McpSchema.LoggingLevel.DEBUG);
        assertNotNull(client.ping());
        assertTrue(client.closeGracefully());
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.transport().sessionCount() == sessionsBefore);
    }

    @Test
    void streamingToolDeliversProgressAndLogBeforeTheResult() {
        try (McpSyncClient client = client("weather")) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder("get_forecast")
                    .arguments(Map.of("city", "Tokyo", "days", 3)).progressToken("p-42").build());
            assertFalse(result.isError());
            assertEquals(WeatherDemo.forecastText("Tokyo", 3), text(result));
            assertEquals(Map.of("city", "Tokyo"), Map.of("city", ((Map<?, ?>) result.structuredContent()).get("city")));
            // The SDK hands notifications to consumers asynchronously, so wait instead of asserting at once.
            await().atMost(Duration.ofSeconds(5)).until(() -> progress.size() == 3 && logs.size() == 1);
            // The SDK may hand notifications to consumers out of wire order (seen: 1, 3, 2), so compare
            // sorted here; McpTransportRulesTest checks the order on the wire.
            assertEquals(List.of(1.0, 2.0, 3.0),
                    progress.stream().map(McpSchema.ProgressNotification::progress).sorted().toList());
            assertTrue(progress.stream().allMatch(p -> "p-42".equals(p.progressToken())));
            assertEquals("weather", logs.get(0).logger());
        }
    }

    @Test
    void notesToolListIsPagedAndTheClientFollowsTheCursor() {
        try (McpSyncClient client = client("notes")) {
            client.initialize();
            McpSchema.ListToolsResult first = client.listTools(McpSchema.FIRST_PAGE);
            assertEquals(List.of("add_note", "list_notes"), first.tools().stream().map(McpSchema.Tool::name).toList());
            assertNotNull(first.nextCursor());
            McpSchema.ListToolsResult second = client.listTools(first.nextCursor());
            assertEquals(List.of("echo"), second.tools().stream().map(McpSchema.Tool::name).toList());
            assertNull(second.nextCursor());
            assertEquals(3, client.listTools().tools().size());

            String added = text(client.callTool(new McpSchema.CallToolRequest("add_note",
                    Map.of("title", "Groceries", "text", "milk, bread"))));
            assertTrue(added.startsWith("added note "), added);
            String all = ((McpSchema.TextResourceContents) client.readResource(
                    new McpSchema.ReadResourceRequest("notes://all")).contents().get(0)).text();
            assertTrue(all.contains("Groceries") && all.contains("milk, bread"), all);
            String id = added.substring("added note ".length(), added.indexOf(':'));
            String one = ((McpSchema.TextResourceContents) client.readResource(
                    new McpSchema.ReadResourceRequest("notes://note/" + id)).contents().get(0)).text();
            assertEquals("# Groceries\n\nmilk, bread\n", one);
            assertEquals("notes echo: hi", text(client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "hi")))));
        }
    }

    @Test
    void olderProtocolVersionIsNegotiated() {
        try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(demo.baseUrl())
                .endpoint("/weather/mcp").supportedProtocolVersions(List.of("2025-03-26")).build()).build()) {
            assertEquals("2025-03-26", client.initialize().protocolVersion());
            assertEquals(2, client.listTools().tools().size());
        }
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
