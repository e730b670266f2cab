package routes.demo;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's echo backend process, spoken to by the official MCP Java SDK client. */
class EchoBackendMainTest {

    private static final long SLOW_MILLIS = 400;
    private static EchoBackendMain backend;

    @BeforeAll
    static void start() throws Exception {
        backend = EchoBackendMain.start(0, 2, 7, SLOW_MILLIS);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static McpSyncClient client(String server) {
        return McpClient.sync(HttpClientStreamableHttpTransport.builder(backend.baseUrl())
                        .endpoint("/" + server + "/mcp").build())
                .requestTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Test
    void echoReturnsTheMessageUnchanged() {
        try (McpSyncClient client = client("echo")) {
            assertEquals("echo", client.initialize().serverInfo().name());
            assertEquals(List.of("echo"), client.listTools().tools().stream().map(McpSchema.Tool::name).toList());
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "hi there")));
            assertFalse(result.isError());
            assertEquals("hi there", ((McpSchema.TextContent) result.content().get(0)).text());
        }
    }

    @Test
    void generatedServersListTheirToolsAndAnswerAnyOfThem() {
        try (McpSyncClient client = client("gen-01")) {
            assertEquals("gen-01", client.initialize().serverInfo().name());
            McpSchema.ListToolsResult tools = client.listTools();
            assertNull(tools.nextCursor());
            List<String> names = tools.tools().stream().map(McpSchema.Tool::name).toList();
            assertEquals(List.of("tool_000", "tool_001", "tool_002", "tool_003", "tool_004", "tool_005", "tool_006"), names);
            assertTrue(tools.tools().get(3).description().contains("gen-01"));
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("tool_006", Map.of("message", "x")));
            assertEquals("x", ((McpSchema.TextContent) result.content().get(0)).text());
        }
    }

    @Test
    void theSlowServerAnswersToolCallsOnlyAfterItsDelayAndManyCanWaitAtOnce() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(20);
        try (McpSyncClient client = client("slow")) {
            client.initialize();
            assertEquals(List.of("echo"), client.listTools().tools().stream().map(McpSchema.Tool::name).toList());
            List<Future<Long>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String message = "m" + i;
                calls.add(callers.submit(() -> {
                    long start = System.nanoTime();
                    McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", message)));
                    assertEquals(message, ((McpSchema.TextContent) r.content().get(0)).text());
                    return (System.nanoTime() - start) / 1_000_000;
                }));
            }
            for (Future<Long> call : calls) {
                assertTrue(call.get() >= SLOW_MILLIS, "answered before the delay");
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void unknownPathIs404AndThereIsNoThirdGeneratedServer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/gen-02/mcp", "/nope")) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(backend.baseUrl() + path))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(404, response.statusCode(), path);
        }
    }
}
