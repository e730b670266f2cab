package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend's timeout is a deadline for the whole call: a backend that opens an event stream for
 * a tools/call and keeps it alive with comments, never answering, is cut off when the time is up,
 * and the client gets an error naming the backend and the timeout, the backend a
 * notifications/cancelled for that request; a healthy backend beside it answers at normal speed.
 */
class CallDeadlineTest {

    private static HttpServer stalling;
    /** What the stalling backend was sent: the ids of calls to "wait", and notifications/cancelled params. */
    private static final List<JsonNode> callIds = new CopyOnWriteArrayList<>();
    private static final List<JsonNode> cancelled = new CopyOnWriteArrayList<>();
    private static FixtureBackend healthy;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stalling.setExecutor(Executors.newCachedThreadPool());
        stalling.createContext("/mcp", CallDeadlineTest::stallingMcp);
        stalling.start();
        healthy = FixtureBackend.builder("healthy").tools("work").start();
        gateway = GatewayHarness.start("""
                name: deadlines
                backends:
                  - {name: stalling, url: "http://127.0.0.1:%d/mcp", transport: streamable-http}
                  - {name: healthy, url: "%s", transport: streamable-http}
                operational:
                  timeouts: {default: 2s}
                """.formatted(stalling.getAddress().getPort(), healthy.url()),
                Map.of("caravan.backend.max-call-duration", "5000"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        healthy.close();
        stalling.stop(0);
    }

    /** Answers initialize, tools/list and ping; a tools/call gets an event stream of keep-alive comments only. */
    private static void stallingMcp(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(405, -1);
            ex.close();
            return;
        }
        JsonNode req = Json.MAPPER.readTree(ex.getRequestBody().readAllBytes());
        String method = req.path("method").asText();
        if (!req.has("id")) {
            if (method.equals("notifications/cancelled")) {
                cancelled.add(req.path("params"));
            }
            ex.sendResponseHeaders(202, -1);
            ex.close();
            return;
        }
        String id = req.get("id").toString();
        String result = switch (method) {
            case "initialize" -> "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                    + "\"serverInfo\":{\"name\":\"stalling\",\"version\":\"1\"}}";
            case "tools/list" -> "{\"tools\":[{\"name\":\"wait\",\"inputSchema\":{\"type\":\"object\"}},"
                    + "{\"name\":\"progress\",\"inputSchema\":{\"type\":\"object\"}}]}";
            case "tools/call" -> null;
            default -> "{}";
        };
        if (result != null) {
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
            return;
        }
        if ("progress".equals(req.path("params").path("name").asText())) {
            progress(ex, id, req.path("params").path("arguments").path("ms").asLong());
            return;
        }
        callIds.add(req.get("id"));
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < 600; i++) { // a minute of keep-alives, never an answer
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException e) {
            // the gateway hung up: what this test wants
        }
    }

    /** Reports progress every 300 ms for {@code ms}, then answers. */
    private static void progress(HttpExchange ex, String id, long ms) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            long end = System.currentTimeMillis() + ms;
            for (int n = 1; System.currentTimeMillis() < end; n++) {
                out.write(("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                        + "\"params\":{\"progressToken\":\"t\",\"progress\":" + n + "}}\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(300);
            }
            out.write(("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":" + id
                    + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"done after progress\"}]}}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            // the gateway hung up
        }
    }

    @Test
    void progressExtendsACallPastItsTimeoutButNotPastTheLimit() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == 3);
        // 3.5 s of progress against a 2 s timeout: each notification moves the deadline
        JsonNode done = s.call("tools/call", "{\"name\":\"stalling_progress\",\"arguments\":{\"ms\":3500},"
                + "\"_meta\":{\"progressToken\":\"t\"}}");
        assertEquals("done after progress", done.path("result").path("content").path(0).path("text").asText(), done.toString());
        // 8 s of progress: cut off at the 5 s limit (caravan.backend.max-call-duration), progress or not
        JsonNode limited = s.call("tools/call", "{\"name\":\"stalling_progress\",\"arguments\":{\"ms\":8000},"
                + "\"_meta\":{\"progressToken\":\"t\"}}");
        String text = limited.path("result").path("content").path(0).path("text").asText();
        assertTrue(text.contains("backend 'stalling'") && text.contains("5000 ms limit"), limited.toString());
    }

    @Test
    void aBackendThatKeepsItsStreamAliveButNeverAnswersIsCutOffAtItsTimeout() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == 3);
        long start = System.nanoTime();
        JsonNode stalled = s.call("tools/call", "{\"name\":\"stalling_wait\",\"arguments\":{}}");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        String text = stalled.path("result").path("content").path(0).path("text").asText() + stalled.path("error");
        assertTrue(text.contains("backend 'stalling'") && text.contains("did not answer within 2000 ms"), stalled.toString());
        assertTrue(tookMillis < 10_000, "cut off at its 2 s deadline, not after the stream's minute: " + tookMillis + " ms");
        // the backend is told the gateway gave up, with the id it was sent
        await().atMost(Duration.ofSeconds(10)).until(() -> cancelled.stream().anyMatch(c -> callIds.get(0).equals(c.get("requestId"))));
        JsonNode notice = cancelled.stream().filter(c -> callIds.get(0).equals(c.get("requestId"))).findFirst().orElseThrow();
        assertTrue(notice.path("reason").asText().contains("did not answer within 2000 ms"), cancelled.toString());
        JsonNode ok = s.call("tools/call", "{\"name\":\"healthy_work\",\"arguments\":{}}");
        assertTrue(ok.path("result").path("content").path(0).path("text").asText().startsWith("healthy/work"), ok.toString());
    }
}
