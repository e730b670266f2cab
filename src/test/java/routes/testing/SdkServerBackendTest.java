package routes.testing;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SDK's own server on Jetty answers the SDK client and raw transport probes. */
class SdkServerBackendTest {

    @Test
    void sdkClientTalksToSdkServer() {
        try (SdkServerBackend backend = SdkServerBackend.start("sdk", "search", "echo");
             McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(backend.url())
                     .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(10)).build()) {
            assertEquals("sdk", client.initialize().serverInfo().name());
            assertEquals(List.of("search", "echo"), client.listTools().tools().stream().map(McpSchema.Tool::name).toList());
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("search", Map.of("q", "x")));
            assertEquals("sdk/search {q=x}", ((McpSchema.TextContent) result.content().get(0)).text());
        }
    }

    @Test
    void sdkServerFollowsTheSameTransportRules() {
        try (SdkServerBackend backend = SdkServerBackend.start("sdk", "search")) {
            McpHttpProbe probe = new McpHttpProbe(backend.url());
            String session = probe.openSession();
            HttpResponse<String> missing = probe.post(McpHttpProbe.request(1, "tools/list", "{}"), (String) null);
            assertEquals(400, missing.statusCode());
            assertEquals(404, probe.post(McpHttpProbe.request(1, "tools/list", "{}"), "unknown").statusCode());
            HttpResponse<String> list = probe.post(McpHttpProbe.request(2, "tools/list", "{}"), session);
            assertEquals(200, list.statusCode());
            assertTrue(list.body().contains("\"search\""), list.body());
        }
    }

    @Test
    void sseVariantAnswersTheSdkLegacyClientAndRecordsHeaders() {
        try (SdkServerBackend backend = SdkServerBackend.startSse("legacy", "search");
             McpSyncClient client = McpClient.sync(HttpClientSseClientTransport.builder(backend.url().replace("/sse", ""))
                     .sseEndpoint("/sse").requestBuilder(java.net.http.HttpRequest.newBuilder().header("X-Probe", "1")).build())
                     .requestTimeout(Duration.ofSeconds(10)).build()) {
            assertEquals("legacy", client.initialize().serverInfo().name());
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("search", Map.of("q", "x")));
            assertEquals("legacy/search {q=x}", ((McpSchema.TextContent) result.content().get(0)).text());
            assertEquals(1, backend.requests("GET", null).size());
            assertEquals("1", backend.requests("POST", "tools/call").get(0).header("x-probe"));
        }
    }
}
