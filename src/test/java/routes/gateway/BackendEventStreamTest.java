package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.GatewayHarness;
import routes.testing.SdkServerBackend;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A streamable-HTTP backend session keeps the backend's standalone GET stream open: what the
 * backend sends there between requests reaches the client that owns the session (on the client's
 * own GET stream), without a request; a dropped stream comes back with {@code Last-Event-ID} after
 * the backend's {@code retry}; a request the gateway cannot relay is answered -32601 and a ping
 * answered; closing the client session ends the backend stream at once; health probes' throwaway
 * sessions never open one.
 */
class BackendEventStreamTest {

    private static HttpServer talker;
    private static GatewayHarness gateway;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Every GET: its session, Last-Event-ID, and ms since that session's previous stream closed. */
    private static final List<Map<String, String>> gets = new CopyOnWriteArrayList<>();
    /** The sessions whose stream was seen closed by the gateway (a failed write), in order. */
    private static final List<String> streamsEnded = new CopyOnWriteArrayList<>();
    private static final List<String> deleted = new CopyOnWriteArrayList<>();
    /** JSON-RPC responses the gateway POSTed back, by session. */
    private static final List<JsonNode> answers = new CopyOnWriteArrayList<>();
    private static final Map<String, Long> streamClosedAt = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> streamCount = new ConcurrentHashMap<>();
    private static final AtomicInteger sessionIds = new AtomicInteger();
    private static final long RETRY_MILLIS = 250;

    @BeforeAll
    static void start() throws Exception {
        talker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        talker.setExecutor(Executors.newCachedThreadPool());
        talker.createContext("/mcp", BackendEventStreamTest::mcp);
        talker.start();
        gateway = GatewayHarness.start("""
                name: streams
                backends:
                  - {name: talker, url: "http://127.0.0.1:%d/mcp", transport: streamable-http}
                operational:
                  timeouts: {default: 5s}
                  failureHandling: {healthCheckInterval: 500ms, healthCheckTimeout: 400ms}
                """.formatted(talker.getAddress().getPort()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        talker.stop(0);
    }

    @Test
    void whatABackendSendsBetweenRequestsReachesTheClientAndADroppedStreamResumesWithLastEventId() throws Exception {
        McpHttpSession client = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> tools(client).contains("talker_noop"));
        List<String> clientStream = openClientStream(client);
        // the client's first call opens its session with the backend, and with it the backend's stream
        JsonNode call = client.call("tools/call", "{\"name\":\"talker_noop\",\"arguments\":{}}");
        assertEquals("noop", call.path("result").path("content").path(0).path("text").asText(), call.toString());
        String backendSession = awaitClientBackendSession();

        // the backend's first stream sends tick 1 and is dropped; the gateway comes back with Last-Event-ID
        await().atMost(Duration.ofSeconds(10)).until(() -> getsOf(backendSession).size() >= 2);
        List<Map<String, String>> mine = getsOf(backendSession);
        assertEquals("none", mine.get(0).get("last-event-id"));
        assertEquals(backendSession + "-1", mine.get(1).get("last-event-id"), "resumed after the last event seen");
        assertTrue(Long.parseLong(mine.get(1).get("waited")) >= RETRY_MILLIS - 20, "the backend's retry is honoured: " + mine);
        assertEquals("2025-11-25", mine.get(1).get("protocol-version"));

        // both ticks reached the client's own GET stream, without the client asking for anything
        await().atMost(Duration.ofSeconds(10)).until(() -> clientStream.stream().filter(l -> l.contains("tick 2 for " + backendSession)).count() == 1);
        assertEquals(1, clientStream.stream().filter(l -> l.contains("tick 1 for " + backendSession)).count(), clientStream.toString());

        // a request from the backend on the stream: ping is answered, sampling (not relayed yet) gets -32601
        await().atMost(Duration.ofSeconds(10)).until(() -> answersFor("ping-" + backendSession) != null
                && answersFor("sample-" + backendSession) != null);
        assertTrue(answersFor("ping-" + backendSession).has("result"));
        assertEquals(-32601, answersFor("sample-" + backendSession).path("error").path("code").asInt());

        // the client ends its session: the backend stream ends at once, before the backend session's DELETE
        int ended = client.end().statusCode();
        assertTrue(ended == 200 || ended == 204, "DELETE: " + ended);
        await().atMost(Duration.ofSeconds(5)).until(() -> streamsEnded.contains(backendSession) && deleted.contains(backendSession));
        await().atMost(Duration.ofSeconds(5)).until(() -> runningStreams() == 1);
        int getsAfterClose = getsOf(backendSession).size();
        Thread.sleep(RETRY_MILLIS * 3);
        assertEquals(getsAfterClose, getsOf(backendSession).size(), "a closed session's stream does not come back");
    }

    @Test
    void aClientThatStartsListeningAfterItsFirstCallGetsTheBackendsStreamThen() throws Exception {
        McpHttpSession client = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> tools(client).contains("talker_noop"));
        clientBackendSession = null;
        client.call("tools/call", "{\"name\":\"talker_noop\",\"arguments\":{}}");
        String backendSession = awaitClientBackendSession();
        Thread.sleep(300);
        assertTrue(getsOf(backendSession).isEmpty(), "nobody to relay to yet: no backend stream");

        List<String> clientStream = openClientStream(client);
        await().atMost(Duration.ofSeconds(10)).until(() -> !getsOf(backendSession).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> clientStream.stream().anyMatch(l -> l.contains("tick 1 for " + backendSession)));
        client.end();
    }

    @Test
    void theCatalogSessionListensAndProbeSessionsNever() {
        // the catalog's session (never ended, never a client's) has a stream; probes (a session each, ended with DELETE) have none
        await().atMost(Duration.ofSeconds(15)).until(() -> deleted.size() >= 3);
        Set<String> withStreams = gets.stream().map(g -> g.get("session")).collect(Collectors.toSet());
        assertTrue(withStreams.stream().anyMatch(s -> !deleted.contains(s) && !clientSessions.contains(s)),
                "the catalog's session listens: " + gets);
        for (String probe : deleted) {
            if (!clientSessions.contains(probe)) {
                assertFalse(withStreams.contains(probe), "probe session " + probe + " opened a stream: " + gets);
            }
        }
    }

    @Test
    void theOfficialSdkServersListChangedBetweenRequestsRefreshesTheCatalog() throws Exception {
        try (SdkServerBackend sdk = SdkServerBackend.start("sdk", "a");
             GatewayHarness gw = GatewayHarness.start("""
                     name: sdk-streams
                     backends:
                       - {name: sdk, url: "%s", transport: streamable-http}
                     """.formatted(sdk.url()))) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(Duration.ofSeconds(15)).until(() -> tools(s).contains("sdk_a"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !sdk.requests("GET", null).isEmpty());
            assertEquals("text/event-stream", sdk.requests("GET", null).get(0).header("Accept"));
            // the SDK sends tools/list_changed only on its sessions' GET streams: nothing else would tell the gateway
            sdk.addTool("b");
            await().atMost(Duration.ofSeconds(10)).until(() -> tools(s).contains("sdk_b"));

            // the backend restarts and forgets the session: its stream's 404 starts a new session, and
            // a new stream, without waiting for a call, so the next list change is heard too
            int getsBefore = sdk.requests("GET", null).size();
            sdk.stop().startServer();
            await().atMost(Duration.ofSeconds(20)).until(() -> sdk.requests("GET", null).stream().skip(getsBefore)
                    .map(r -> r.header("mcp-session-id")).distinct().count() >= 2);
            sdk.addTool("c");
            await().atMost(Duration.ofSeconds(10)).until(() -> tools(s).contains("sdk_c"));
        }
    }

    @Test
    void aFailingStreamIsAskedAgainWithGrowingPausesAndA405IsNeverAskedAgain() throws Exception {
        List<Long> refusedAt = new CopyOnWriteArrayList<>();
        AtomicInteger notOffered = new AtomicInteger();
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.setExecutor(Executors.newCachedThreadPool());
        other.createContext("/busy/mcp", ex -> getOr(ex, () -> {
            refusedAt.add(System.nanoTime());
            ex.sendResponseHeaders(500, -1);
        }));
        other.createContext("/none/mcp", ex -> getOr(ex, () -> {
            notOffered.incrementAndGet();
            ex.sendResponseHeaders(405, -1);
        }));
        other.start();
        int port = other.getAddress().getPort();
        try (GatewayHarness gw = GatewayHarness.start("""
                name: backoff
                backends:
                  - {name: busy, url: "http://127.0.0.1:%d/busy/mcp", transport: streamable-http}
                  - {name: none, url: "http://127.0.0.1:%d/none/mcp", transport: streamable-http}
                """.formatted(port, port))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> refusedAt.size() >= 3);
            long first = (refusedAt.get(1) - refusedAt.get(0)) / 1_000_000;
            long second = (refusedAt.get(2) - refusedAt.get(1)) / 1_000_000;
            assertTrue(first >= 1000 && second >= 2000, "backoff 1 s, then 2 s (and jitter): " + first + ", " + second);
            assertEquals(1, notOffered.get(), "405: no stream here, not asked again");
        } finally {
            other.stop(0);
        }
    }

    private interface Handler {
        void handle() throws IOException;
    }

    /** A backend whose GET is {@code get}, and which otherwise answers like the talker (a session of its own each time). */
    private static void getOr(HttpExchange ex, Handler get) throws IOException {
        try (ex) {
            if ("GET".equals(ex.getRequestMethod())) {
                get.handle();
            } else if ("POST".equals(ex.getRequestMethod())) {
                post(ex, null);
            } else {
                ex.sendResponseHeaders(200, -1);
            }
        }
    }

    private static List<String> tools(McpHttpSession s) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        s.call("tools/list", null).path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    // ---- helpers ----

    private static volatile String clientBackendSession;
    /** Backend sessions the tests' clients had (ended ones too): not probes. */
    private static final Set<String> clientSessions = ConcurrentHashMap.newKeySet();

    /** The backend session that carried the client's tools/call. */
    private static String awaitClientBackendSession() {
        await().atMost(Duration.ofSeconds(10)).until(() -> clientBackendSession != null);
        clientSessions.add(clientBackendSession);
        return clientBackendSession;
    }

    private static List<Map<String, String>> getsOf(String session) {
        return gets.stream().filter(g -> session.equals(g.get("session"))).toList();
    }

    private static JsonNode answersFor(String id) {
        return answers.stream().filter(a -> id.equals(a.path("id").asText())).findFirst().orElse(null);
    }

    /** Threads of the gateway's running a backend stream now (idle pool threads do not count). */
    private static long runningStreams() {
        return Thread.getAllStackTraces().values().stream()
                .filter(stack -> Stream.of(stack).anyMatch(f -> f.getClassName().endsWith("BackendEventStream")
                        && f.getMethodName().equals("run")))
                .count();
    }

    /** The client's own GET stream to the gateway, its lines collected as they come. */
    private static List<String> openClientStream(McpHttpSession client) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest get = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/mcp"))
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", client.id)
                .header("MCP-Protocol-Version", "2025-11-25").GET().build();
        HttpResponse<Stream<String>> response = HTTP.sendAsync(get, HttpResponse.BodyHandlers.ofLines())
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        Thread reader = new Thread(() -> response.body().forEach(lines::add), "test-client-stream");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    // ---- the backend: plain JSON answers; a GET stream that talks between requests ----

    private static void mcp(HttpExchange ex) throws IOException {
        try (ex) {
            String session = ex.getRequestHeaders().getFirst("Mcp-Session-Id");
            switch (ex.getRequestMethod()) {
                case "GET" -> stream(ex, session);
                case "DELETE" -> {
                    deleted.add(session);
                    ex.sendResponseHeaders(200, -1);
                }
                case "POST" -> post(ex, session);
                default -> ex.sendResponseHeaders(405, -1);
            }
        }
    }

    private static void post(HttpExchange ex, String session) throws IOException {
        JsonNode msg = Json.MAPPER.readTree(ex.getRequestBody().readAllBytes());
        if (!msg.has("method")) {
            answers.add(msg);
            ex.sendResponseHeaders(202, -1);
            return;
        }
        if (!msg.has("id")) {
            ex.sendResponseHeaders(202, -1);
            return;
        }
        String id = msg.get("id").toString();
        String result = switch (msg.path("method").asText()) {
            case "initialize" -> {
                ex.getResponseHeaders().set("Mcp-Session-Id", "s" + sessionIds.incrementAndGet());
                yield "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                        + "\"serverInfo\":{\"name\":\"talker\",\"version\":\"1\"}}";
            }
            case "tools/list" -> "{\"tools\":[{\"name\":\"noop\",\"inputSchema\":{\"type\":\"object\"}}]}";
            case "tools/call" -> {
                clientBackendSession = session;
                yield "{\"content\":[{\"type\":\"text\",\"text\":\"noop\"}]}";
            }
            default -> "{}";
        };
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    /**
     * Stream n of a session sends "tick n" (event id session-n, with retry). The first is dropped
     * right after; the second also asks the gateway a ping and a sampling request, then stays
     * open, with keep-alive comments, until the gateway closes it.
     */
    private static void stream(HttpExchange ex, String session) throws IOException {
        String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
        Long closed = streamClosedAt.get(session);
        gets.add(Map.of("session", String.valueOf(session), "last-event-id", last == null ? "none" : last,
                "protocol-version", String.valueOf(ex.getRequestHeaders().getFirst("MCP-Protocol-Version")),
                "waited", String.valueOf(closed == null ? -1 : (System.nanoTime() - closed) / 1_000_000)));
        int n = streamCount.computeIfAbsent(session, s -> new AtomicInteger()).incrementAndGet();
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        write(out, "retry: " + RETRY_MILLIS + "\nid: " + session + "-" + n + "\ndata: "
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"tick "
                + n + " for " + session + "\"}}\n\n");
        if (n == 1) {
            streamClosedAt.put(session, System.nanoTime());
            return;
        }
        if (n == 2) {
            write(out, "data: {\"jsonrpc\":\"2.0\",\"id\":\"ping-" + session + "\",\"method\":\"ping\"}\n\n");
            write(out, "data: {\"jsonrpc\":\"2.0\",\"id\":\"sample-" + session + "\",\"method\":\"sampling/createMessage\","
                    + "\"params\":{\"messages\":[],\"maxTokens\":1}}\n\n");
        }
        try {
            for (int i = 0; i < 600; i++) {
                Thread.sleep(100);
                write(out, ": keep-alive\n\n");
            }
        } catch (IOException | InterruptedException e) {
            streamsEnded.add(session);
        }
    }

    private static void write(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
