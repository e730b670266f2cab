package routes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixtureBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALL_SEARCH = McpHttpProbe.request(2, "tools/call", "{\"name\":\"search\",\"arguments\":{\"q\":\"x\"}}");

    @Test
    void twoBackendsCanOfferTheSameToolNameAndAnswerWithTheirOwnName() throws Exception {
        try (FixtureBackend a = FixtureBackend.builder("alpha").tools("search", "fetch").start();
             FixtureBackend b = FixtureBackend.builder("beta").tools("search").start()) {
            assertNotEquals(a.url(), b.url());
            McpHttpProbe probeA = new McpHttpProbe(a.url());
            McpHttpProbe probeB = new McpHttpProbe(b.url());
            String sessionA = probeA.openSession();
            String sessionB = probeB.openSession();
            assertEquals("alpha/search {\"q\":\"x\"}", toolText(probeA.post(CALL_SEARCH, sessionA)));
            assertEquals("beta/search {\"q\":\"x\"}", toolText(probeB.post(CALL_SEARCH, sessionB)));
            JsonNode tools = JSON.readTree(probeA.post(McpHttpProbe.request(3, "tools/list", "{}"), sessionA).body());
            assertEquals(2, tools.path("result").path("tools").size());
        }
    }

    @Test
    void recorderKeepsMethodHeadersAndJsonRpcMethodOfEveryRequest() {
        try (FixtureBackend backend = FixtureBackend.start("rec")) {
            McpHttpProbe probe = new McpHttpProbe(backend.url());
            String session = probe.openSession();
            probe.post(McpHttpProbe.request(5, "tools/call", "{\"name\":\"echo\"}"),
                    Map.of("Accept", McpHttpProbe.ACCEPT_BOTH, "Mcp-Session-Id", session, "X-Tenant", "acme"));
            probe.send("DELETE", Map.of("Mcp-Session-Id", session));

            List<RecordedRequest> all = backend.requests();
            assertEquals(List.of("POST", "POST", "POST", "DELETE"), all.stream().map(RecordedRequest::httpMethod).toList());
            assertEquals("initialize", all.get(0).jsonRpcMethod());
            assertEquals("notifications/initialized", all.get(1).jsonRpcMethod());
            RecordedRequest call = backend.lastRequest("tools/call");
            assertEquals("acme", call.header("X-TENANT"));
            assertEquals(session, call.header("mcp-session-id"));
            assertTrue(call.hasHeader("host") && call.hasHeader("content-length"), call.headers().toString());
            assertTrue(call.headers().keySet().stream().noneMatch(h -> h.startsWith("camel")), call.headers().toString());
            backend.clearRequests();
            assertEquals(List.of(), backend.requests());
            assertThrows(AssertionError.class, () -> backend.lastRequest("tools/call"));
        }
    }

    @Test
    void answersJsonOrSseAsConfiguredAndTheSdkClientHandlesBoth() {
        try (FixtureBackend backend = FixtureBackend.builder("streamy").tools("search").prompts("brief")
                .resources("docs://readme").sse(true).pageSize(1).start()) {
            McpHttpProbe probe = new McpHttpProbe(backend.url());
            String session = probe.openSession();
            String list = McpHttpProbe.request(1, "tools/list", "{}");
            assertEquals("text/event-stream", contentType(probe.post(list, session)));
            assertEquals("application/json", contentType(probe.post(list,
                    Map.of("Accept", McpHttpProbe.ACCEPT_JSON, "Mcp-Session-Id", session))));
            backend.sseResponses(false);
            assertEquals("application/json", contentType(probe.post(list, session)));
            backend.sseResponses(true);

            try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(backend.url())
                    .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(10)).build()) {
                client.initialize();
                assertEquals("streamy/search {}", ((McpSchema.TextContent) client.callTool(
                        new McpSchema.CallToolRequest("search", Map.of())).content().get(0)).text());
                assertEquals("streamy/brief beta", ((McpSchema.TextContent) client.getPrompt(
                        new McpSchema.GetPromptRequest("brief", Map.of("topic", "beta"))).messages().get(0).content()).text());
                assertEquals("streamy docs://readme", ((McpSchema.TextResourceContents) client.readResource(
                        new McpSchema.ReadResourceRequest("docs://readme")).contents().get(0)).text());
            }
        }
    }

    @Test
    void garbageFaultAnswers200WithABodyThatIsNotJson() {
        try (FixtureBackend backend = FixtureBackend.start("junk")) {
            backend.fault(Fault.garbage());
            HttpResponse<String> response = new McpHttpProbe(backend.url()).initialize("2025-11-25");
            assertEquals(200, response.statusCode());
            assertThrows(Exception.class, () -> JSON.readTree(response.body()));
            assertEquals("initialize", backend.lastRequest("initialize").jsonRpcMethod());
        }
    }

    @Test
    void statusFaultCanTargetOneMethodAndCarryRetryAfter() {
        try (FixtureBackend backend = FixtureBackend.builder("busy").tools("search").start()) {
            backend.fault(Fault.status(503, "7"), "tools/call");
            McpHttpProbe probe = new McpHttpProbe(backend.url());
            String session = probe.openSession();
            HttpResponse<String> busy = probe.post(CALL_SEARCH, session);
            assertEquals(503, busy.statusCode());
            assertEquals("7", busy.headers().firstValue("Retry-After").orElseThrow());
            assertEquals(200, probe.post(McpHttpProbe.request(3, "tools/list", "{}"), session).statusCode());
            backend.heal();
            assertEquals(200, probe.post(CALL_SEARCH, session).statusCode());
        }
    }

    @Test
    void faultNextMisbehavesOnlyTheGivenNumberOfTimes() {
        try (FixtureBackend backend = FixtureBackend.builder("flaky").tools("search").start()) {
            McpHttpProbe probe = new McpHttpProbe(backend.url());
            String session = probe.openSession();
            backend.faultNext(2, Fault.status(502), "tools/call");
            assertEquals(502, probe.post(CALL_SEARCH, session).statusCode());
            assertEquals(502, probe.post(CALL_SEARCH, session).statusCode());
            assertEquals(200, probe.post(CALL_SEARCH, session).statusCode());
        }
    }

    @Test
    void hangDelaysTheAnswerAndStopReleasesIt() {
        try (FixtureBackend backend = FixtureBackend.builder("slow").tools("search").start()) {
            McpHttpProbe probe = new McpHttpProbe(backend.url());
            String session = probe.openSession();
            backend.fault(Fault.hang(Duration.ofMillis(1200)), "tools/call");
            long started = System.nanoTime();
            HttpResponse<String> late = probe.post(CALL_SEARCH, session);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(200, late.statusCode());
            assertTrue(tookMs >= 1150, "answered after " + tookMs + " ms");

            backend.fault(Fault.hang(Duration.ofMinutes(5)), "tools/call");
            long stopStarted = System.nanoTime();
            Thread stopper = new Thread(() -> {
                // Stop only once the call below is in the backend, hanging.
                await().atMost(Duration.ofSeconds(5)).until(() -> backend.requests("tools/call").size() == 2);
                backend.stop();
            });
            stopper.start();
            try {
                probe.post(CALL_SEARCH, session);
            } catch (UncheckedIOException e) {
                // The connection may be cut during shutdown instead of answered; either ends the hang.
            }
            assertTrue((System.nanoTime() - stopStarted) / 1_000_000 < 10_000, "stop did not release the hang");
        }
    }

    @Test
    void stopRefusesConnectionsAndStartServesTheSamePortWithFreshSessions() {
        try (FixtureBackend backend = FixtureBackend.start("restart")) {
            McpHttpProbe probe = new McpHttpProbe(backend.url());
            String session = probe.openSession();
            int port = backend.port();

            backend.stop();
            UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> probe.openSession());
            assertInstanceOf(ConnectException.class, refused.getCause());

            backend.startServer();
            assertEquals(port, backend.port());
            assertEquals(404, probe.post(McpHttpProbe.request(1, "ping", "{}"), session).statusCode());
            assertEquals(200, probe.post(McpHttpProbe.request(1, "ping", "{}"), probe.openSession()).statusCode());
        }
    }

    private static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private static String toolText(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("result").path("content").get(0).path("text").asText();
    }
}
