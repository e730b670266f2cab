package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.GatewayHarness;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MCP 2025-11-25 SSE polling: a backend may close the SSE answer to a POST before the response
 * (after its priming event, or after some notifications) and serve the rest when the client comes
 * back with GET and {@code Last-Event-ID}. The official Java SDK client, through the gateway, gets
 * the response and every progress notification once and in order; the backend's {@code retry} is
 * honoured; a backend that closes without any event id still gets the clear error; one that keeps
 * closing without answering is cut off at the call's deadline.
 */
class StreamResumptionTest {

    private static HttpServer polling;
    private static GatewayHarness gateway;
    /** The messages each call's stream has left to send, by call number; the event id is "call-index". */
    private static final Map<String, List<String>> streams = new ConcurrentHashMap<>();
    private static final AtomicInteger calls = new AtomicInteger();
    /** Resumption GETs: their Last-Event-ID, session id, protocol version, and ms since that stream closed. */
    private static final List<Map<String, String>> resumes = new CopyOnWriteArrayList<>();
    private static final Map<String, Long> closedAt = new ConcurrentHashMap<>();
    private static final long RETRY_MILLIS = 300;

    @BeforeAll
    static void start() throws Exception {
        polling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        polling.setExecutor(Executors.newCachedThreadPool());
        polling.createContext("/mcp", StreamResumptionTest::mcp);
        polling.start();
        gateway = GatewayHarness.start("""
                name: resumption
                backends:
                  - {name: polling, url: "http://127.0.0.1:%d/mcp", transport: streamable-http}
                operational:
                  timeouts: {default: 3s}
                """.formatted(polling.getAddress().getPort()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        polling.stop(0);
    }

    private static McpSyncClient client(List<McpSchema.ProgressNotification> progress) {
        McpSyncClient c = McpClient.sync(HttpClientStreamableHttpTransport.builder(gateway.baseUrl()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(20))
                .progressConsumer(progress::add)
                .build();
        c.initialize();
        await().atMost(Duration.ofSeconds(15)).until(() -> c.listTools().tools().size() == 4);
        return c;
    }

    /**
     * The progress messages once {@code count} have arrived: the SDK client hands notifications to
     * its consumer on its own threads, so they may land just after the call's result (then a few more
     * ms show that no extra one came).
     */
    private static List<String> messages(List<McpSchema.ProgressNotification> progress, int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> progress.size() >= count);
        await().pollDelay(Duration.ofMillis(200)).until(() -> true);
        return progress.stream().map(McpSchema.ProgressNotification::message).toList();
    }

    private static String call(McpSyncClient c, String tool, String token) {
        try {
            McpSchema.CallToolResult r = c.callTool(McpSchema.CallToolRequest.builder().name("polling_" + tool)
                    .arguments(Map.of()).progressToken(token).build());
            String text = ((McpSchema.TextContent) r.content().get(0)).text();
            return Boolean.TRUE.equals(r.isError()) ? "error: " + text : text;
        } catch (RuntimeException e) {
            return "error: " + e.getMessage();
        }
    }

    @Test
    void anAnswerClosedAfterItsPrimingEventIsResumedAfterTheBackendsRetry() {
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        try (McpSyncClient c = client(progress)) {
            int before = resumes.size();
            assertEquals("done: primed", call(c, "primed", "tok-p"));
            assertEquals(List.of("primed 1"), messages(progress, 1));
            Map<String, String> get = resumes.get(before);
            assertTrue(get.get("last-event-id").endsWith("-0"), get.toString());
            assertEquals("poll-session", get.get("mcp-session-id"));
            assertEquals("2025-11-25", get.get("mcp-protocol-version"));
            assertTrue(Long.parseLong(get.get("waited")) >= RETRY_MILLIS - 20, "the backend's retry is honoured: " + get);
        }
    }

    @Test
    void anAnswerClosedAfterANotificationIsResumedAndEveryNotificationArrivesOnceInOrder() {
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        try (McpSyncClient c = client(progress)) {
            int before = resumes.size();
            assertEquals("done: midway", call(c, "midway", "tok-m"));
            assertEquals(List.of("midway 1", "midway 2", "midway 3"), messages(progress, 3));
            assertTrue(progress.stream().allMatch(p -> "tok-m".equals(p.progressToken())), progress.toString());
            // closed twice: after the first notification, and again on the resumed stream after the second
            assertEquals(2, resumes.size() - before, resumes.toString());
            assertTrue(resumes.get(before).get("last-event-id").endsWith("-1"), resumes.toString());
            assertTrue(resumes.get(before + 1).get("last-event-id").endsWith("-2"), resumes.toString());
        }
    }

    @Test
    void anAnswerClosedWithoutEventIdsIsAClearError() {
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        try (McpSyncClient c = client(progress)) {
            int before = resumes.size();
            String text = call(c, "noids", "tok-n");
            assertTrue(text.contains("backend 'polling'") && text.contains("closed the event stream before answering"), text);
            assertEquals(before, resumes.size(), "nothing to resume from: no GET");
        }
    }

    @Test
    void aBackendThatKeepsClosingWithoutAnsweringIsCutOffAtTheCallsDeadline() {
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        try (McpSyncClient c = client(progress)) {
            long start = System.nanoTime();
            String text = call(c, "forever", "tok-f");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(text.contains("backend 'polling'") && text.contains("did not answer within 3000 ms"), text);
            assertTrue(tookMillis < 8000, "within the 3 s deadline (and a tick): " + tookMillis + " ms");
        }
    }

    // ---- the backend: answers tools/call as an SSE stream it closes early, serves the rest on GET ----

    private static void mcp(HttpExchange ex) throws IOException {
        try (ex) {
            if ("GET".equals(ex.getRequestMethod())) {
                resume(ex);
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            JsonNode req = Json.MAPPER.readTree(ex.getRequestBody().readAllBytes());
            String method = req.path("method").asText();
            if (!req.has("id")) {
                ex.sendResponseHeaders(202, -1);
                return;
            }
            String id = req.get("id").toString();
            switch (method) {
                case "initialize" -> {
                    ex.getResponseHeaders().set("Mcp-Session-Id", "poll-session");
                    json(ex, id, "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                            + "\"serverInfo\":{\"name\":\"polling\",\"version\":\"1\"}}");
                }
                case "tools/list" -> json(ex, id, "{\"tools\":[" + tool("primed") + "," + tool("midway") + ","
                        + tool("noids") + "," + tool("forever") + "]}");
                case "tools/call" -> toolCall(ex, req, id);
                default -> json(ex, id, "{}");
            }
        }
    }

    private static String tool(String name) {
        return "{\"name\":\"" + name + "\",\"inputSchema\":{\"type\":\"object\"}}";
    }

    private static void json(HttpExchange ex, String id, String result) throws IOException {
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    private static String progress(JsonNode token, String message) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":" + token
                + ",\"progress\":1,\"message\":\"" + message + "\"}}";
    }

    private static String response(String id, String text) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}}";
    }

    /** Each stream's messages are numbered from 1; event id "call-n" is message n, "call-0" the priming event. */
    private static void toolCall(HttpExchange ex, JsonNode req, String id) throws IOException {
        String tool = req.path("params").path("name").asText();
        JsonNode token = req.path("params").path("_meta").path("progressToken");
        String stream = "c" + calls.incrementAndGet();
        List<String> all = new ArrayList<>();
        switch (tool) {
            case "primed" -> {
                all.add(progress(token, "primed 1"));
                all.add(response(id, "done: primed"));
            }
            case "midway" -> {
                all.add(progress(token, "midway 1"));
                all.add(progress(token, "midway 2"));
                all.add(progress(token, "midway 3"));
                all.add(response(id, "done: midway"));
            }
            default -> all.add(progress(token, tool + " 1"));
        }
        streams.put(stream, all);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        switch (tool) {
            case "primed", "forever" -> write(out, "id: " + stream + "-0\nretry: " + (tool.equals("forever") ? 100 : RETRY_MILLIS)
                    + "\ndata: \n\n");
            case "midway" -> {
                write(out, "id: " + stream + "-0\ndata: \n\n");
                write(out, "id: " + stream + "-1\ndata: " + all.get(0) + "\n\n");
            }
            default -> write(out, "data: " + all.get(0) + "\n\n");
        }
        closedAt.put(stream, System.nanoTime());
    }

    /**
     * GET with Last-Event-ID: the rest of that stream. The "midway" stream is closed once more,
     * after one message; "forever" only ever sends a new priming event. Without Last-Event-ID
     * (a standalone stream): 405, none offered.
     */
    private static void resume(HttpExchange ex) throws IOException {
        String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
        if (last == null) {
            ex.sendResponseHeaders(405, -1);
            return;
        }
        String stream = last.substring(0, last.lastIndexOf('-'));
        int after = Integer.parseInt(last.substring(last.lastIndexOf('-') + 1));
        Long closed = closedAt.get(stream);
        resumes.add(Map.of("last-event-id", last,
                "mcp-session-id", String.valueOf(ex.getRequestHeaders().getFirst("Mcp-Session-Id")),
                "mcp-protocol-version", String.valueOf(ex.getRequestHeaders().getFirst("MCP-Protocol-Version")),
                "waited", String.valueOf(closed == null ? -1 : (System.nanoTime() - closed) / 1_000_000)));
        List<String> all = streams.get(stream);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        if (all.size() == 1) {
            // "forever": nothing more, ever; a new priming event each time
            write(out, "id: " + stream + "-" + (after + 1) + "\ndata: \n\n");
        } else {
            boolean closeEarly = after == 1 && all.size() == 4;
            for (int n = after + 1; n <= all.size(); n++) {
                write(out, "id: " + stream + "-" + n + "\ndata: " + all.get(n - 1) + "\n\n");
                if (closeEarly) {
                    break;
                }
            }
        }
        closedAt.put(stream, System.nanoTime());
    }

    private static void write(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
