package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.GatewayHarness;
import routes.testing.RecordedRequest;
import routes.testing.SdkServerBackend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests a backend sends its client while answering (sampling, elicitation, roots) reach the
 * client through the gateway and the client's answers go back to the backend session that asked;
 * the backend sees the client's capabilities, so it offers what it would offer directly. The
 * official Java SDK on both sides: its server refuses to ask a client that did not declare the
 * capability, so these calls only complete when the gateway passes the capabilities on.
 */
class ServerToClientRequestsTest {

    private SdkServerBackend backend;
    private GatewayHarness gateway;

    @BeforeEach
    void start() throws Exception {
        backend = SdkServerBackend.start("asker", SdkServerBackend.ASK_SAMPLING, SdkServerBackend.ASK_ELICITATION,
                SdkServerBackend.ASK_ROOTS, SdkServerBackend.CLIENT_CAPS, SdkServerBackend.LOG_ALL);
        gateway = GatewayHarness.start("""
                name: relay
                backends:
                  - name: asker
                    url: %s
                    transport: streamable-http
                """.formatted(backend.url()));
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == 5);
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

    /** A client that can sample (answering with its own marker), elicit and list roots. */
    private McpSyncClient capableClient(String marker) {
        return McpClient.sync(HttpClientStreamableHttpTransport.builder(gateway.baseUrl()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(20))
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().roots(true).build())
                .sampling(req -> McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT,
                        marker + " read " + ((McpSchema.TextContent) req.messages().get(0).content()).text(), "model-" + marker)
                        .build())
                .elicitation(req -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", marker)))
                .roots(new McpSchema.Root("file:///work/" + marker, marker))
                .build();
    }

    private static String call(McpSyncClient client, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("asker_" + tool, args));
        String text = ((McpSchema.TextContent) r.content().get(0)).text();
        assertFalse(Boolean.TRUE.equals(r.isError()), text);
        return text;
    }

    @Test
    void samplingElicitationAndRootsCompleteThroughTheGateway() {
        try (McpSyncClient client = capableClient("ada")) {
            client.initialize();
            assertEquals("sampled: ada read hello", call(client, SdkServerBackend.ASK_SAMPLING, Map.of("prompt", "hello")));
            assertEquals("elicited: ACCEPT {name=ada}", call(client, SdkServerBackend.ASK_ELICITATION, Map.of()));
            assertEquals("roots: [file:///work/ada]", call(client, SdkServerBackend.ASK_ROOTS, Map.of()));
        }
        // the backend's own request ids never reached the client, and the answers came back under them
        List<RecordedRequest> answers = backend.requests().stream()
                .filter(r -> "POST".equals(r.httpMethod()) && r.jsonRpcMethod() == null && r.body().contains("\"result\""))
                .toList();
        assertEquals(3, answers.size(), "one answer per request the backend sent: " + answers);
        for (RecordedRequest a : answers) {
            assertFalse(a.body().contains("caravan-"), "the gateway's ids stay between gateway and client: " + a.body());
        }
    }

    @Test
    void aClientsRootsChangeReachesItsBackendSessions() {
        try (McpSyncClient client = capableClient("r")) {
            client.initialize();
            assertEquals("roots: [file:///work/r]", call(client, SdkServerBackend.ASK_ROOTS, Map.of()));
            client.addRoot(new McpSchema.Root("file:///more", "more"));
            client.rootsListChangedNotification();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !backend.requests("POST", "notifications/roots/list_changed").isEmpty());
            String roots = call(client, SdkServerBackend.ASK_ROOTS, Map.of());
            assertTrue(roots.contains("file:///more") && roots.contains("file:///work/r"), roots);
        }
    }

    @Test
    void theCatalogAsksAsAClientThatCanDoEverythingRelayed() throws Exception {
        // before any client called: the catalog's session (probes declare nothing)
        boolean catalogDeclaredAll = false;
        for (RecordedRequest init : backend.requests("POST", "initialize")) {
            JsonNode caps = Json.MAPPER.readTree(init.body()).path("params").path("capabilities");
            catalogDeclaredAll |= caps.has("sampling") && caps.has("elicitation") && caps.has("roots");
        }
        assertTrue(catalogDeclaredAll, "so the catalog lists the tools a backend offers only to able clients");
    }

    @Test
    void theBackendSessionDeclaresWhatItsClientCanDoAndNothingElse() throws Exception {
        try (McpSyncClient client = capableClient("caps")) {
            client.initialize();
            JsonNode caps = Json.MAPPER.readTree(call(client, SdkServerBackend.CLIENT_CAPS, Map.of()));
            assertTrue(caps.has("sampling"), caps.toString());
            assertTrue(caps.has("elicitation"), caps.toString());
            assertTrue(caps.path("roots").path("listChanged").asBoolean(), caps.toString());
        }
        try (McpSyncClient plain = GatewayEndToEndTest.client(gateway)) {
            plain.initialize();
            JsonNode caps = Json.MAPPER.readTree(call(plain, SdkServerBackend.CLIENT_CAPS, Map.of()));
            assertFalse(caps.has("sampling"), "a client that cannot sample is not declared as one: " + caps);
            // and the backend, told the truth, does not ask it: the call fails there at once, not in a hang
            McpError refused = assertThrows(McpError.class, () -> plain.callTool(
                    new McpSchema.CallToolRequest("asker_" + SdkServerBackend.ASK_SAMPLING, Map.of("prompt", "x"))));
            assertTrue(refused.getMessage().contains("sampling"), refused.getMessage());
        }
    }

    @Test
    void twoClientsSamplingAtOnceEachGetOnlyTheirOwnAnswers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (McpSyncClient a = capableClient("alpha"); McpSyncClient b = capableClient("beta")) {
            a.initialize();
            b.initialize();
            List<Future<String>> alpha = new ArrayList<>();
            List<Future<String>> beta = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String n = Integer.toString(i);
                alpha.add(pool.submit(() -> call(a, SdkServerBackend.ASK_SAMPLING, Map.of("prompt", "a" + n))));
                beta.add(pool.submit(() -> call(b, SdkServerBackend.ASK_SAMPLING, Map.of("prompt", "b" + n))));
            }
            for (int i = 0; i < 6; i++) {
                assertEquals("sampled: alpha read a" + i, alpha.get(i).get(30, TimeUnit.SECONDS));
                assertEquals("sampled: beta read b" + i, beta.get(i).get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClientsLogLevelReachesOnlyItsOwnBackendSession() {
        List<String> quietSaw = new CopyOnWriteArrayList<>();
        List<String> chattySaw = new CopyOnWriteArrayList<>();
        try (McpSyncClient quiet = loggingClient(quietSaw); McpSyncClient chatty = loggingClient(chattySaw)) {
            quiet.initialize();
            chatty.initialize();
            // set before the backend session exists: applied when it starts
            quiet.setLoggingLevel(McpSchema.LoggingLevel.ERROR);
            assertEquals("logged", call(quiet, SdkServerBackend.LOG_ALL, Map.of()));
            assertEquals("logged", call(chatty, SdkServerBackend.LOG_ALL, Map.of()));
            // set while the backend session is open: passed on to it
            chatty.setLoggingLevel(McpSchema.LoggingLevel.WARNING);
            await().atMost(Duration.ofSeconds(10)).until(() -> setLevels().size() == 2);
            // info and up (the default level): wait for all seven before starting over
            await().atMost(Duration.ofSeconds(10)).until(() -> chattySaw.size() == 7);
            chattySaw.clear();
            assertEquals("logged", call(chatty, SdkServerBackend.LOG_ALL, Map.of()));
            await().atMost(Duration.ofSeconds(10)).until(() -> chattySaw.size() >= 5 && quietSaw.size() >= 4);
        }
        List<RecordedRequest> levels = setLevels();
        assertTrue(levels.get(0).body().contains("\"error\""), levels.get(0).body());
        assertTrue(levels.get(1).body().contains("\"warning\""), levels.get(1).body());
        assertNotEquals(levels.get(0).header("Mcp-Session-Id"), levels.get(1).header("Mcp-Session-Id"),
                "each level went to its own client's backend session");
        // the SDK client hands notifications to its consumer on its own threads: compare what, not in which order
        assertEquals(Set.of("ERROR", "CRITICAL", "ALERT", "EMERGENCY"), Set.copyOf(quietSaw));
        assertEquals(4, quietSaw.size(), quietSaw.toString());
        assertEquals(Set.of("WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"), Set.copyOf(chattySaw));
    }

    private List<RecordedRequest> setLevels() {
        return backend.requests("POST", "logging/setLevel");
    }

    private McpSyncClient loggingClient(List<String> seen) {
        return McpClient.sync(HttpClientStreamableHttpTransport.builder(gateway.baseUrl()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(20))
                .loggingConsumer(n -> seen.add(n.level().name()))
                .build();
    }
}
