package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.ModernBackend;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend side of 2026-07-28: a backend that offers it (server/discover) is spoken to in that
 * revision whatever the client speaks, a legacy backend beside it keeps its initialize session,
 * and the probe is made once per backend, not per session.
 */
class ModernBackendTest {

    private static ModernBackend modern;
    private static FixtureBackend legacy;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        modern = ModernBackend.start();
        legacy = FixtureBackend.builder("old").tools("echo").start();
        gateway = GatewayHarness.start("""
                name: eras
                # health probes (sessions and an era probe of their own) would add to the requests counted here
                operational:
                  failureHandling: {healthCheckInterval: 1h}
                backends:
                  - name: new
                    url: %s
                    transport: streamable-http
                  - name: old
                    url: %s
                    transport: streamable-http
                """.formatted(modern.url(), legacy.url()));
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> s.call("tools/list", null).path("result").path("tools").size() == 3);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        modern.close();
        legacy.close();
    }

    @Test
    void aLegacyClientsCallReachesAModernBackendInItsRevision() throws Exception {
        McpHttpSession client = McpHttpSession.open(gateway);
        int initializes = modern.seen("initialize").size();
        JsonNode r = client.call("tools/call", "{\"name\":\"new_where\",\"arguments\":{\"region\":\"eu-west\"}}");
        assertEquals("runs in eu-west", r.path("result").path("content").path(0).path("text").asText(), r.toString());

        ModernBackend.Seen call = modern.seen("tools/call").get(modern.seen("tools/call").size() - 1);
        assertEquals("2026-07-28", call.headers().get("mcp-protocol-version"));
        assertEquals("where", call.headers().get("mcp-name"));
        assertEquals("eu-west", call.headers().get("mcp-param-region"));
        assertFalse(call.headers().containsKey("mcp-session-id"), "a modern backend gets no session id");
        assertEquals("2026-07-28", call.body().path("params").path("_meta").path("io.modelcontextprotocol/protocolVersion").asText());
        assertEquals(initializes, modern.seen("initialize").size(), "no initialize for a modern backend");

        JsonNode old = client.call("tools/call", "{\"name\":\"old_echo\",\"arguments\":{}}");
        assertFalse(old.path("result").path("isError").asBoolean(), old.toString());
        assertFalse(legacy.requests("initialize").isEmpty(), "the legacy backend keeps its handshake");
    }

    @Test
    void theProbeIsMadeOncePerBackendNotPerSession() throws Exception {
        int discovers = modern.seen("server/discover").size();
        for (int i = 0; i < 3; i++) {
            McpHttpSession.open(gateway).call("tools/call", "{\"name\":\"new_where\",\"arguments\":{\"region\":\"r" + i + "\"}}");
        }
        assertEquals(discovers, modern.seen("server/discover").size());
    }

    @Test
    void aBackendThatStopsSpeakingTheRevisionIsProbedAgain() throws Exception {
        McpHttpSession client = McpHttpSession.open(gateway);
        String call = "{\"name\":\"new_where\",\"arguments\":{\"region\":\"x\"}}";
        assertEquals("runs in x", client.call("tools/call", call).path("result").path("content").path(0).path("text").asText());
        int discovers = modern.seen("server/discover").size();
        modern.legacyOnly(true);
        try {
            assertTrue(client.call("tools/call", call).path("result").path("isError").asBoolean());
            client.call("tools/call", call);
            assertEquals(discovers + 1, modern.seen("server/discover").size(), "the era was asked again, once");
            assertFalse(modern.seen("initialize").isEmpty(), "found legacy, it got an initialize (refused too)");
        } finally {
            modern.legacyOnly(false);
        }
    }

    @Test
    void aBackendAskingForInputFailsWithAnErrorThatSaysSo() throws Exception {
        JsonNode r = McpHttpSession.open(gateway).call("tools/call", "{\"name\":\"new_ask\",\"arguments\":{}}");
        assertTrue(r.path("result").path("isError").asBoolean(), r.toString());
        assertTrue(r.path("result").path("content").path(0).path("text").asText().contains("input"), r.toString());
    }

    @Test
    void aModernBackendsInputRequestIsAskedOfALegacyClientAndTheCallCompletes() {
        // a 2025-11-25 client (the Java SDK): the gateway asks it as a server-to-client request and
        // retries the backend with the answer and the backend's state
        try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(gateway.baseUrl()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(15))
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(req -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("answer", "yes")))
                .build()) {
            client.initialize();
            McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("new_ask", Map.of()));
            assertEquals("you said yes", ((McpSchema.TextContent) r.content().get(0)).text(), r.toString());
        }
        JsonNode retried = modern.seen("tools/call").get(modern.seen("tools/call").size() - 1).body().path("params");
        assertEquals("opaque", retried.path("requestState").asText(), "the backend's own state, back to it");
        assertEquals("{\"elicitation\":{}}", retried.path("_meta").path("io.modelcontextprotocol/clientCapabilities").toString(),
                "the legacy client's capabilities travel with its calls");
    }

    @Test
    void aModernBackendsInputRequestGoesToAStatelessClientAndItsRetryBackToTheBackend() throws Exception {
        String ask = """
                {"jsonrpc":"2.0","id":"a1","method":"tools/call","params":{"name":"new_ask","arguments":{},
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                          "io.modelcontextprotocol/clientCapabilities":{"elicitation":{}}}}}""";
        JsonNode first = McpHttpSession.responseOf(gateway.post(ask, modernHeaders("new_ask")));
        JsonNode result = first.path("result");
        assertEquals("input_required", result.path("resultType").asText(), first.toString());
        assertEquals("elicitation/create", result.path("inputRequests").path("q").path("method").asText());
        String state = result.path("requestState").asText();
        assertFalse(state.isEmpty() || state.equals("opaque"), "the client sees the gateway's envelope, not the backend's state");
        assertFalse(result.has("ttlMs"), "an interim result is not cacheable");
        assertEquals("{\"elicitation\":{}}", modern.seen("tools/call").get(modern.seen("tools/call").size() - 1).body()
                .path("params").path("_meta").path("io.modelcontextprotocol/clientCapabilities").toString());

        String retry = """
                {"jsonrpc":"2.0","id":"a2","method":"tools/call","params":{"name":"new_ask","arguments":{},
                 "inputResponses":{"q":{"action":"accept","content":{"answer":"yes"}}},"requestState":"%s",
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                          "io.modelcontextprotocol/clientCapabilities":{"elicitation":{}}}}}""";
        JsonNode done = McpHttpSession.responseOf(gateway.post(retry.formatted(state), modernHeaders("new_ask")));
        assertEquals("you said yes", done.path("result").path("content").path(0).path("text").asText(), done.toString());
        assertEquals("opaque", modern.seen("tools/call").get(modern.seen("tools/call").size() - 1).body()
                .path("params").path("requestState").asText(), "the backend gets its own state back");

        HttpResponse<String> tampered = gateway.post(retry.formatted(state.substring(0, state.length() - 2) + "xx"),
                modernHeaders("new_ask"));
        assertEquals(400, tampered.statusCode());
        assertEquals(-32602, McpHttpSession.responseOf(tampered).path("error").path("code").asInt());
        HttpResponse<String> elsewhere = gateway.post(retry.formatted(state).replace("new_ask", "old_echo"), modernHeaders("old_echo"));
        assertEquals(400, elsewhere.statusCode(), "a state only resumes at the backend that issued it");
    }

    private static Map<String, String> modernHeaders(String tool) {
        return Map.of("Content-Type", "application/json", "Accept", McpHttpSession.ACCEPT, "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call", "Mcp-Name", tool);
    }

    @Test
    void aStatelessClientReachesTheModernBackendToo() throws Exception {
        // the backend's x-mcp-header mark is advertised as it is, so the gateway's client mirrors it too
        String body = """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"new_where","arguments":{"region":"ap"},
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""";
        JsonNode r = McpHttpSession.responseOf(gateway.post(body, Map.of("Content-Type", "application/json",
                "Accept", McpHttpSession.ACCEPT, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
                "Mcp-Name", "new_where", "Mcp-Param-Region", "ap")));
        assertEquals("runs in ap", r.path("result").path("content").path(0).path("text").asText(), r.toString());
        assertEquals("complete", r.path("result").path("resultType").asText());
    }
}
