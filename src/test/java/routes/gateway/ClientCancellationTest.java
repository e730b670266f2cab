package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.GatewayHarness;
import routes.testing.RecordedRequest;
import routes.testing.SdkServerBackend;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that cancels a request (notifications/cancelled) or goes away frees the call waiting
 * on the backend at once, and the backend is told with notifications/cancelled carrying the id the
 * backend got, so it can stop work nobody waits for. The backend here holds every call until the
 * test lets go, so only a cancel can end one early.
 */
class ClientCancellationTest {

    private SdkServerBackend backend;
    private GatewayHarness gateway;

    @BeforeEach
    void start() throws Exception {
        backend = SdkServerBackend.start("slow", "echo");
        gateway = GatewayHarness.start("""
                name: cancel
                backends:
                  - name: slow
                    url: %s
                    transport: streamable-http
                """.formatted(backend.url()));
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == 1);
    }

    @AfterEach
    void stop() throws Exception {
        if (backend != null) {
            backend.releaseCalls();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private static final String CALL = """
            {"jsonrpc":"2.0","id":"client-7","method":"tools/call","params":{"name":"slow_echo","arguments":{}}}""";

    @Test
    void aCancelledRequestEndsAtOnceAndTheBackendIsToldWithItsOwnId() throws Exception {
        McpHttpSession session = McpHttpSession.open(gateway);
        backend.holdCalls();
        CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(() -> {
            try {
                return session.post(CALL, Map.of());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.heldCalls() == 1);

        HttpResponse<String> cancelled = session.post("""
                {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"client-7","reason":"user pressed stop"}}""",
                Map.of());
        assertEquals(202, cancelled.statusCode());

        // the backend still holds the call: only the cancel can have ended the client's wait
        HttpResponse<String> answer = call.get(10, TimeUnit.SECONDS);
        assertEquals(1, backend.heldCalls());
        JsonNode reply = McpHttpSession.responseOf(answer);
        assertEquals("client-7", reply.path("id").asText());
        assertTrue(reply.path("error").path("message").asText().contains("user pressed stop"), reply.toString());

        JsonNode notice = awaitCancelNotice();
        assertEquals(backendIdOfTheCall(), notice.path("params").path("requestId"), "the backend's own id, not the client's");
        assertTrue(notice.path("params").path("reason").asText().contains("user pressed stop"), notice.toString());
    }

    @Test
    void aClientThatDisconnectsMidCallHasItsBackendRequestCancelled() throws Exception {
        McpHttpSession session = McpHttpSession.open(gateway);
        backend.holdCalls();
        URI url = URI.create(gateway.mcpUrl());
        byte[] body = CALL.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                    + "Mcp-Session-Id: " + session.id + "\r\nMCP-Protocol-Version: 2025-11-25\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> backend.heldCalls() == 1);
        }
        JsonNode notice = awaitCancelNotice();
        assertEquals(backendIdOfTheCall(), notice.path("params").path("requestId"));
        assertTrue(notice.path("params").path("reason").asText().contains("disconnected"), notice.toString());
    }

    private JsonNode awaitCancelNotice() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> !backend.requests("POST", "notifications/cancelled").isEmpty());
        List<RecordedRequest> notices = backend.requests("POST", "notifications/cancelled");
        assertEquals(1, notices.size());
        return Json.MAPPER.readTree(notices.get(0).body());
    }

    private JsonNode backendIdOfTheCall() throws Exception {
        List<RecordedRequest> calls = backend.requests("POST", "tools/call");
        assertEquals(1, calls.size());
        return Json.MAPPER.readTree(calls.get(0).body()).get("id");
    }
}
