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
    /** What the stalling backend was sent: tools/call ids, and notifications/cancelled params. */
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
                """.formatted(stalling.getAddress().getPort(), healthy.url()));
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
            case "tools/list" -> "{\"tools\":[{\"name\":\"wait\",\"inputSchema\":{\"type\":\"object\"}}]}";
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

    @Test
    void aBackendThatKeepsItsStreamAliveButNeverAnswersIsCutOffAtItsTimeout() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == 2);
        long start = System.nanoTime();
        JsonNode stalled = s.call("tools/call", "{\"name\":\"stalling_wait\",\"arguments\":{}}");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        String text = stalled.path("result").path("content").path(0).path("text").asText() + stalled.path("error");
        assertTrue(text.contains("backend 'stalling'") && text.contains("did not answer within 2000 ms"), stalled.toString());
        assertTrue(tookMillis < 10_000, "cut off at its 2 s deadline, not after the stream's minute: " + tookMillis + " ms");
        // the backend is told the gateway gave up, with the id it was sent
        await().atMost(Duration.ofSeconds(10)).until(() -> !cancelled.isEmpty());
        assertEquals(callIds.get(0), cancelled.get(0).get("requestId"), cancelled.toString());
        assertTrue(cancelled.get(0).path("reason").asText().contains("did not answer within 2000 ms"), cancelled.toString());
        JsonNode ok = s.call("tools/call", "{\"name\":\"healthy_work\",\"arguments\":{}}");
        assertTrue(ok.path("result").path("content").path(0).path("text").asText().startsWith("healthy/work"), ok.toString());
    }
}
