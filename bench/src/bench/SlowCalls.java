package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many calls waiting on a slow backend at once: a gateway of its own in front of the echo
 * process's {@code /slow/mcp} (each tools/call answered after {@code --slow-ms}), and
 * {@code --slow-calls} tools/call requests sent together, each on its own connection, spread over
 * ten client sessions. It records how many failed, how long the whole burst took, and the
 * gateway's platform threads and RSS at their peak while the calls waited.
 */
final class SlowCalls {

    private static final int SESSIONS = 10;

    private SlowCalls() {
    }

    static ObjectNode run(Options options, Servers servers, Path tmp, Servers.Backend echo, ObjectNode node)
            throws Exception {
        int n = options.slowCalls();
        Servers.Backend slow = new Servers.Backend("slow", echo.proc(),
                URI.create("http://" + Servers.HOST + ":" + echo.port() + "/slow/mcp"), echo.port());
        Path config = Servers.configFile(tmp, "gateway-slow.yaml");
        servers.writeConfig(config, List.of(slow));
        Servers.Gateway gw = servers.startGateway("gateway-slow", config);
        try {
            Ready.awaitInitialize(gw.proc(), gw.url(), 90);
            Ready.awaitTools(gw.proc(), gw.url(), 1, 60);
            List<McpClient> sessions = Bench.open(gw.url(), SESSIONS, options.timeoutMillis());
            try {
                // one call per session first (together: each takes --slow-ms): it opens the session's
                // backend session, so the burst only waits
                ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
                try {
                    for (Future<JsonNode> f : pool.invokeAll(sessions.stream()
                            .map(c -> (Callable<JsonNode>) () -> c.callTool(params())).toList())) {
                        f.get();
                    }
                } finally {
                    pool.shutdownNow();
                }
                long threadsBefore = gw.proc().threads();
                long rssBefore = gw.proc().rssBytes();
                Burst burst = burst(gw, sessions, n, options.slowMillis());
                node.put("calls", n).put("slowMs", options.slowMillis()).put("sessions", SESSIONS)
                        .put("errors", burst.errors.get())
                        .put("seconds", Phases.round(burst.wallNanos / 1e9))
                        .put("gatewayThreadsBefore", threadsBefore).put("gatewayThreadsPeak", burst.peakThreads)
                        .put("gatewayRssBeforeMb", Phases.mb(rssBefore)).put("gatewayRssPeakMb", Phases.mb(burst.peakRss))
                        .put("gatewayJdk", options.gatewayJdkVersion())
                        .put("gatewayJvmOpts", String.join(" ", options.gatewayJvmOpts()));
                long[] latencies = burst.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                if (latencies.length > 0) {
                    node.set("latencyMs", Report.stats(Stats.of(latencies)));
                }
                if (!burst.failures.isEmpty()) {
                    node.put("firstError", burst.failures.peek());
                }
                Log.info("slow calls: " + n + " x " + options.slowMillis() + " ms in " + node.path("seconds") + " s, "
                        + burst.errors.get() + " failed; gateway threads " + threadsBefore + " -> peak "
                        + burst.peakThreads + ", RSS peak " + node.path("gatewayRssPeakMb") + " MB");
            } finally {
                Bench.closeAll(sessions);
            }
        } finally {
            servers.stop(gw.proc());
        }
        return node;
    }

    private record Burst(long wallNanos, AtomicLong errors, ConcurrentLinkedQueue<String> failures,
                         ConcurrentLinkedQueue<Long> latencies, long peakThreads, long peakRss) {
    }

    /** Sends all calls at once (the JDK client opens a connection per call in flight) and samples the gateway. */
    private static Burst burst(Servers.Gateway gw, List<McpClient> sessions, int n, long slowMillis)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            McpClient session = sessions.get(i % sessions.size());
            HttpRequest request = HttpRequest.newBuilder(gw.url())
                    .timeout(Duration.ofMillis(slowMillis * 4 + 30_000))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("MCP-Protocol-Version", McpClient.PROTOCOL_VERSION)
                    .header("Mcp-Session-Id", session.sessionId())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":" + (1000 + i)
                            + ",\"method\":\"tools/call\",\"params\":" + params() + "}"))
                    .build();
            long sent = System.nanoTime();
            calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
                String problem = failure != null ? failure.toString() : problem(response);
                if (problem == null) {
                    latencies.add(System.nanoTime() - sent);
                } else {
                    errors.incrementAndGet();
                    if (failures.size() < 5) {
                        failures.add(McpClient.abbreviate(problem));
                    }
                }
                return null;
            }));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
        long peakThreads = 0, peakRss = 0;
        while (!all.isDone()) {
            peakThreads = Math.max(peakThreads, gw.proc().threads());
            peakRss = Math.max(peakRss, gw.proc().rssBytes());
            Thread.sleep(50);
        }
        long wall = System.nanoTime() - start;
        return new Burst(wall, errors, failures, latencies, peakThreads, peakRss);
    }

    /** Null when the answer is a tool result that is not an error, else what was wrong. */
    private static String problem(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return "HTTP " + response.statusCode() + ": " + response.body();
        }
        String body = response.body();
        // an SSE answer carries the JSON-RPC message on its data: line
        int data = body.indexOf("data:");
        String json = data >= 0 ? body.substring(data + 5, body.indexOf('\n', data) < 0 ? body.length()
                : body.indexOf('\n', data)).trim() : body;
        try {
            JsonNode message = McpClient.JSON.readTree(json);
            if (message.has("error")) {
                return "JSON-RPC error " + message.get("error");
            }
            if (message.path("result").path("isError").asBoolean(false)) {
                return "tool error " + message.path("result").path("content");
            }
            return null;
        } catch (Exception e) {
            return "unreadable answer: " + body;
        }
    }

    private static String params() {
        return "{\"name\":\"slow_echo\",\"arguments\":{\"message\":\"waiting\"}}";
    }
}
