package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.RecordedRequest;
import routes.testing.SdkServerBackend;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway in front of a backend that speaks the legacy HTTP+SSE transport (the official SDK's
 * servlet SSE server) next to a streamable-HTTP one: listing, calls, many callers on one stream,
 * notifications between requests, forwarded headers on the stream and on every POST.
 */
class LegacySseBackendTest {

    private static FixtureBackend alpha;
    private static SdkServerBackend legacy;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        alpha = FixtureBackend.builder("alpha").tools("search", "fetch").start();
        legacy = SdkServerBackend.startSse("legacy", "search", "translate");
        gateway = GatewayHarness.start("""
                name: sse
                backends:
                  - name: alpha
                    url: %s
                    transport: streamable-http
                  - name: legacy
                    url: %s
                    transport: sse
                    headerForward:
                      addPlaintextHeaders:
                        X-Tenant: acme
                """.formatted(alpha.url(), legacy.url()));
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> toolNames(s).size() >= 4);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        alpha.close();
        legacy.close();
    }

    @Test
    void sdkClientListsAndCallsToolsOfBothTransports() {
        try (McpSyncClient client = GatewayEndToEndTest.client(gateway)) {
            client.initialize();
            List<String> names = GatewayEndToEndTest.toolNames(client);
            assertTrue(names.containsAll(List.of("alpha_fetch", "alpha_search", "legacy_search", "legacy_translate")), names.toString());

            McpSchema.CallToolResult a = client.callTool(new McpSchema.CallToolRequest("alpha_search", Map.of("q", "x")));
            assertFalse(Boolean.TRUE.equals(a.isError()));
            assertTrue(text(a).startsWith("alpha/search"), text(a));
            McpSchema.CallToolResult b = client.callTool(new McpSchema.CallToolRequest("legacy_translate", Map.of("q", "y")));
            assertFalse(Boolean.TRUE.equals(b.isError()), text(b));
            assertEquals("legacy/translate {q=y}", text(b));
        }
    }

    @Test
    void concurrentCallsOnOneStreamEachGetTheirOwnAnswer() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        int n = 8;
        legacy.holdCalls();
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String params = "{\"name\":\"legacy_search\",\"arguments\":{\"n\":" + i + "}}";
                calls.add(CompletableFuture.supplyAsync(() -> call(s, params)));
            }
            // all n are in flight at the backend at once before any is answered
            await().atMost(Duration.ofSeconds(15)).until(() -> legacy.heldCalls() == n);
        } finally {
            legacy.releaseCalls();
        }
        for (int i = 0; i < n; i++) {
            JsonNode r = calls.get(i).get(20, TimeUnit.SECONDS);
            assertEquals("legacy/search {n=" + i + "}", r.path("result").path("content").path(0).path("text").asText(), r.toString());
        }
    }

    @Test
    void progressReachesOnlyTheCallerWhoseTokenItCarries() throws Exception {
        McpHttpSession first = McpHttpSession.open(gateway);
        McpHttpSession second = McpHttpSession.open(gateway);
        legacy.holdCalls();
        CompletableFuture<HttpResponse<String>> one;
        CompletableFuture<HttpResponse<String>> two;
        try {
            // the same token from two clients: the gateway must still tell them apart
            one = CompletableFuture.supplyAsync(() -> post(first, progressCall(1)));
            two = CompletableFuture.supplyAsync(() -> post(second, progressCall(2)));
            await().atMost(Duration.ofSeconds(15)).until(() -> legacy.heldCalls() == 2);
        } finally {
            legacy.releaseCalls();
        }
        assertOwnProgress(one.get(20, TimeUnit.SECONDS), 1);
        assertOwnProgress(two.get(20, TimeUnit.SECONDS), 2);
    }

    @Test
    void listChangedBetweenRequestsRefreshesTheCatalog() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        legacy.addTool("summarize");
        await().atMost(Duration.ofSeconds(15)).until(() -> toolNames(s).contains("legacy_summarize"));
        JsonNode r = s.call("tools/call", "{\"name\":\"legacy_summarize\",\"arguments\":{}}");
        assertEquals("legacy/summarize {}", r.path("result").path("content").path(0).path("text").asText(), r.toString());
    }

    @Test
    void forwardedHeadersReachTheStreamAndEveryPost() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        s.call("tools/call", "{\"name\":\"legacy_search\",\"arguments\":{}}",
                Map.of("Authorization", "Bearer client-secret", "X-Custom", "c"));
        List<RecordedRequest> gets = legacy.requests("GET", null);
        List<RecordedRequest> posts = legacy.requests("POST", null);
        assertFalse(gets.isEmpty());
        for (String method : List.of("initialize", "notifications/initialized", "tools/list", "tools/call")) {
            assertFalse(legacy.requests("POST", method).isEmpty(), method + " was not sent");
        }
        for (RecordedRequest r : concat(gets, posts)) {
            assertEquals("acme", r.header("x-tenant"), r.httpMethod() + " " + r.jsonRpcMethod());
            assertEquals(null, r.header("authorization"), "client credentials leaked");
            assertEquals(null, r.header("x-custom"));
        }
        assertEquals("text/event-stream", gets.get(0).header("accept"));
        // uncompressed, so that closing the session can abort the stream instead of draining it
        assertEquals(List.of("identity"), gets.get(0).headers().get("accept-encoding"));
    }

    static JsonNode call(McpHttpSession s, String params) {
        try {
            return s.call("tools/call", params);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(McpHttpSession s, String body) {
        try {
            return s.post(body, Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String progressCall(int n) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"legacy_search\","
                + "\"arguments\":{\"n\":" + n + "},\"_meta\":{\"progressToken\":\"p\"}}}";
    }

    private static void assertOwnProgress(HttpResponse<String> r, int n) throws Exception {
        List<JsonNode> progress = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: ")) {
                JsonNode msg = Json.MAPPER.readTree(line.substring(6));
                if ("notifications/progress".equals(msg.path("method").asText())) {
                    progress.add(msg);
                }
            }
        }
        assertEquals(1, progress.size(), r.body());
        assertEquals("p", progress.get(0).path("params").path("progressToken").asText(), r.body());
        assertEquals("legacy/search {n=" + n + "}", progress.get(0).path("params").path("message").asText(), r.body());
    }

    static List<String> toolNames(McpHttpSession s) throws Exception {
        List<String> names = new ArrayList<>();
        s.call("tools/list", null).path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    private static List<RecordedRequest> concat(List<RecordedRequest> a, List<RecordedRequest> b) {
        List<RecordedRequest> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }
}
