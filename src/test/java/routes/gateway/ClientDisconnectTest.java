package routes.gateway;

import org.junit.jupiter.api.Test;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;
import routes.testing.SdkServerBackend;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Clients that go away while the gateway streams to them: a GET stream the client closes, and a
 * POST whose answer turned into SSE (a progress notification came first) that the client drops
 * before the result. That is normal traffic and must not fill the log with errors.
 */
class ClientDisconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Sends one raw HTTP/1.1 request and reads until a line starts with {@code until}; the caller closes. */
    private static Socket open(GatewayHarness gw, String method, String sessionId, String body, String until)
            throws Exception {
        Socket socket = new Socket("127.0.0.1", Integer.parseInt(gw.baseUrl().substring(gw.baseUrl().lastIndexOf(':') + 1)));
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json, text/event-stream\r\n"
                + "Content-Type: application/json\r\nMcp-Session-Id: " + sessionId + "\r\n"
                + "MCP-Protocol-Version: 2025-11-25\r\nContent-Length: " + content.length + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(content);
        out.flush();
        socket.setSoTimeout((int) WAIT.toMillis());
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.startsWith(until)) {
            // skip the status line, headers and earlier events
        }
        assertNotNull(line, method + " ended before '" + until + "'");
        return socket;
    }

    @Test
    void clientsThatGoAwayLogNoError() throws Exception {
        try (SdkServerBackend backend = SdkServerBackend.start("slow", "work");
             GatewayHarness gw = GatewayHarness.start("""
                     name: disconnects
                     backends:
                       - name: slow
                         url: %s
                         transport: streamable-http
                     """.formatted(backend.url()))) {
            await().atMost(WAIT).until(() -> gw.get("/readyz").statusCode() == 200);
            try (LogCapture log = LogCapture.start()) {
                for (int round = 0; round < 5; round++) {
                    McpHttpSession session = McpHttpSession.open(gw);
                    // a GET stream the client closes
                    open(gw, "GET", session.id, null, ": stream open").close();
                    // a GET stream that ends with the session
                    Socket ended = open(gw, "GET", session.id, null, ": stream open");
                    // a POST answer that turned into SSE, dropped before its result
                    backend.holdCalls();
                    Socket dropped = open(gw, "POST", session.id, """
                            {"jsonrpc":"2.0","id":7,"method":"tools/call",
                             "params":{"name":"slow_work","arguments":{},"_meta":{"progressToken":"p%d"}}}"""
                            .formatted(round).replace("\n", ""), "data: ");
                    dropped.close();
                    backend.releaseCalls();
                    assertEquals(204, gw.send("DELETE", Map.of("Mcp-Session-Id", session.id,
                            "MCP-Protocol-Version", "2025-11-25")).statusCode());
                    ended.close();
                }
                // every request has been answered (or found its client gone) and logged what it logs
                await().atMost(WAIT).until(() -> gw.camel().getInflightRepository().size() == 0);
                // the gateway's own lines: the SDK backend warns that it has no handler for the
                // notifications/cancelled the gateway rightly sends for each dropped call
                List<String> bad = log.lines().stream()
                        .filter(l -> !l.contains(" io.modelcontextprotocol."))
                        .filter(l -> l.startsWith("ERROR") || l.startsWith("WARN") || l.contains("Response head already sent")
                                || l.contains("\tat "))
                        .toList();
                assertEquals(List.of(), bad);
            }
        }
    }
}
