package routes.gateway;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import routes.backend.BackendClient;
import routes.testing.GatewayHarness;
import routes.testing.RecordedRequest;
import routes.testing.SdkServerBackend;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each client session has its own session with each backend it calls: per-session backend state
 * (here the SDK server's per-session toggle, like server-everything's toggle-simulated-logging)
 * never leaks between clients, the backend session opens on the first call and closes (DELETE)
 * with the client session, idle clients open none, and the number is bounded.
 */
class PerClientSessionsTest {

    private static final String TOOL = "state_" + SdkServerBackend.TOGGLE;
    private static final Pattern SESSION = Pattern.compile("(Started|Stopped) simulated logging for session (\\S+)");

    private SdkServerBackend backend;
    private GatewayHarness gateway;

    private void start(Map<String, String> properties) throws Exception {
        backend = SdkServerBackend.start("state", SdkServerBackend.TOGGLE, "echo");
        gateway = GatewayHarness.start("""
                name: sessions
                backends:
                  - name: state
                    url: %s
                    transport: streamable-http
                """.formatted(backend.url()), properties);
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == 2);
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void twoClientsEachSeeOnlyTheirOwnBackendStateAndEndingOneClosesExactlyItsSession() throws Exception {
        start(Map.of());
        try (McpSyncClient a = GatewayEndToEndTest.client(gateway); McpSyncClient b = GatewayEndToEndTest.client(gateway)) {
            a.initialize();
            b.initialize();
            Matcher first = toggle(a);
            assertEquals("Started", first.group(1));
            Matcher other = toggle(b);
            assertEquals("Started", other.group(1), "B must not switch off A's state");
            String sessionA = first.group(2);
            String sessionB = other.group(2);
            assertNotEquals(sessionA, sessionB);
            Matcher again = toggle(a);
            assertEquals("Stopped", again.group(1));
            assertEquals(sessionA, again.group(2), "A keeps its backend session");

            assertTrue(a.closeGracefully());
            await().atMost(Duration.ofSeconds(10)).until(() -> deletesOf(sessionA) == 1);
            assertEquals(0, deletesOf(sessionB), "B's backend session stays open");
            Matcher stillB = toggle(b);
            assertEquals("Stopped", stillB.group(1));
            assertEquals(sessionB, stillB.group(2));
        }
    }

    @Test
    void anExpiredClientSessionClosesItsBackendSession() throws Exception {
        start(Map.of("caravan.session.idle-timeout", "1500", "caravan.session.heartbeat-interval", "250"));
        BackendClient client = gateway.camel().getRegistry().lookupByNameAndType("backendClient", BackendClient.class);
        McpHttpSession idle = McpHttpSession.open(gateway);
        String text = idle.call("tools/call", "{\"name\":\"%s\",\"arguments\":{}}".formatted(TOOL))
                .path("result").path("content").path(0).path("text").asText();
        Matcher m = SESSION.matcher(text);
        assertTrue(m.matches(), text);
        assertEquals(1, client.clientSessionCount("state"));

        await().atMost(Duration.ofSeconds(15)).until(() -> deletesOf(m.group(2)) == 1);
        assertEquals(0, client.clientSessionCount("state"));
        assertEquals(404, idle.post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}", Map.of()).statusCode());
    }

    @Test
    void aThousandIdleClientSessionsOpenNoBackendSession() throws Exception {
        start(Map.of());
        BackendClient client = gateway.camel().getRegistry().lookupByNameAndType("backendClient", BackendClient.class);
        int initializesBefore = backend.requests("POST", "initialize").size();
        int sessionsBefore = client.sessionCount();
        for (int i = 0; i < 1000; i++) {
            McpHttpSession.open(gateway);
        }
        assertEquals(initializesBefore, backend.requests("POST", "initialize").size());
        assertEquals(sessionsBefore, client.sessionCount());
        assertEquals(0, client.clientSessionCount("state"));
    }

    @Test
    void backendSessionsAreBoundedPerBackendAndFreedWhenAClientEnds() throws Exception {
        start(Map.of("caravan.backend.sessions.max-per-backend", "2"));
        McpHttpSession one = McpHttpSession.open(gateway);
        McpHttpSession two = McpHttpSession.open(gateway);
        McpHttpSession three = McpHttpSession.open(gateway);
        assertFalse(isError(one), "first client");
        assertFalse(isError(two), "second client");
        var refused = three.call("tools/call", "{\"name\":\"state_echo\",\"arguments\":{}}").path("result");
        assertTrue(refused.path("isError").asBoolean(), refused.toString());
        assertEquals("backend 'state' has 2 client sessions open, the most allowed"
                        + " (caravan.backend.sessions.max-per-backend); try again later",
                refused.path("content").path(0).path("text").asText());

        assertEquals(204, one.end().statusCode());
        assertFalse(isError(three), "a session freed by an ended client is available again");
    }

    @Test
    void backendSessionsAreBoundedInAll() throws Exception {
        start(Map.of("caravan.backend.sessions.max", "1"));
        McpHttpSession one = McpHttpSession.open(gateway);
        McpHttpSession two = McpHttpSession.open(gateway);
        assertFalse(isError(one));
        var refused = two.call("tools/call", "{\"name\":\"state_echo\",\"arguments\":{}}").path("result");
        assertEquals("backend 'state' was not called: the gateway has 1 backend sessions open, the most allowed"
                + " (caravan.backend.sessions.max); try again later", refused.path("content").path(0).path("text").asText());
        assertFalse(isError(one), "the client that holds the session keeps it");
    }

    private static boolean isError(McpHttpSession s) throws Exception {
        return s.call("tools/call", "{\"name\":\"state_echo\",\"arguments\":{}}").path("result").path("isError").asBoolean();
    }

    private static Matcher toggle(McpSyncClient client) {
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(TOOL, Map.of()));
        String text = ((McpSchema.TextContent) r.content().get(0)).text();
        Matcher m = SESSION.matcher(text);
        assertTrue(m.matches(), text);
        return m;
    }

    private long deletesOf(String backendSession) {
        List<RecordedRequest> deletes = backend.requests("DELETE", null);
        return deletes.stream().filter(r -> backendSession.equals(r.header("Mcp-Session-Id"))).count();
    }
}
