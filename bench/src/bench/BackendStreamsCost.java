package bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one backend GET stream costs the gateway: threads, native thread memory, heap and RSS of a
 * gateway process (from the jar) with clients whose backend sessions have no stream, then with as
 * many clients again that each hold a GET stream of their own, so each of their backend sessions
 * keeps one open. The backends are in this process: plain JSON answers, and GET streams held open
 * with a comment every 10 s. Prints the per-stream difference.
 *
 * <p>{@code java -cp target/bench-classes bench.BackendStreamsCost [jar] [clients] [backends]}
 */
public final class BackendStreamsCost {

    private static final AtomicInteger openGets = new AtomicInteger();
    private static final AtomicInteger sessions = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/caravan.jar");
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int backends = args.length > 2 ? Integer.parseInt(args[2]) : 4;

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", BackendStreamsCost::backend);
        server.start();
        StringBuilder config = new StringBuilder("name: cost\nbackends:\n");
        for (int b = 1; b <= backends; b++) {
            config.append("  - {name: b").append(b).append(", url: \"http://127.0.0.1:").append(server.getAddress().getPort())
                    .append("/b").append(b).append("/mcp\", transport: streamable-http}\n");
        }
        Path file = Files.createTempFile("cost", ".yaml");
        Files.writeString(file, config);
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder("java", "-XX:NativeMemoryTracking=summary", "-Xmx256m",
                "-Dcamel.server.port=" + port, "-Dcamel.server.host=127.0.0.1", "-Dcamel.management.port=" + freePort(),
                "-Dcaravan.http.worker-pool-size=" + (clients * 2 + 50), "-Dcaravan.backend.event-streams.max=" + (clients * backends + 100),
                "-jar", jar.toString());
        pb.environment().put("CARAVAN_CONFIG", file.toString());
        pb.redirectErrorStream(true).redirectOutput(Path.of("target/backend-streams-cost-gateway.log").toFile());
        Process gw = pb.start();
        try {
            String mcp = "http://127.0.0.1:" + port + "/mcp";
            waitForTools(mcp, backends);
            Thread.sleep(3000);
            Sample base = sample(gw.pid());
            System.out.printf("gateway ready, %d catalog streams: %s%n", openGets.get(), base);

            for (int c = 0; c < clients; c++) {
                String sid = initialize(mcp);
                for (int b = 1; b <= backends; b++) {
                    call(mcp, sid, "b" + b + "_work");
                }
            }
            Thread.sleep(3000);
            Sample quiet = sample(gw.pid());
            System.out.printf("%d clients without GET streams, %d backend streams: %s%n", clients, openGets.get(), quiet);

            List<HttpResponse<Stream<String>>> held = new ArrayList<>();
            int before = openGets.get();
            for (int c = 0; c < clients; c++) {
                String sid = initialize(mcp);
                held.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(mcp)).header("Accept", "text/event-stream")
                        .header("Mcp-Session-Id", sid).header("MCP-Protocol-Version", "2025-11-25").GET().build(),
                        HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS));
                for (int b = 1; b <= backends; b++) {
                    call(mcp, sid, "b" + b + "_work");
                }
            }
            long until = System.currentTimeMillis() + 30_000;
            while (openGets.get() - before < clients * backends && System.currentTimeMillis() < until) {
                Thread.sleep(200);
            }
            Thread.sleep(3000);
            Sample streams = sample(gw.pid());
            int added = openGets.get() - before;
            System.out.printf("%d clients with GET streams, %d backend streams more: %s%n", clients, added, streams);
            System.out.printf("per backend stream: %.2f threads, %.1f KB thread native (committed), %.1f KB heap, %.1f KB RSS%n",
                    (streams.threads - quiet.threads) / (double) added,
                    (streams.threadKb - quiet.threadKb) / (double) added,
                    (streams.heapKb - quiet.heapKb) / (double) added,
                    (streams.rssKb - quiet.rssKb) / (double) added);
            System.out.println("(the second group's client GET streams at the front door are in these numbers too)");
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            gw.destroy();
            gw.waitFor(15, TimeUnit.SECONDS);
            server.stop(0);
            System.exit(0);
        }
    }

    record Sample(long threads, long rssKb, long threadKb, long heapKb) {
        @Override
        public String toString() {
            return "threads " + threads + ", RSS " + rssKb / 1024 + " MB, thread native " + threadKb / 1024 + " MB, heap used "
                    + heapKb / 1024 + " MB";
        }
    }

    private static Sample sample(long pid) throws Exception {
        jcmd(pid, "GC.run");
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        long threads = field(status, "Threads:\\s+(\\d+)");
        long rss = field(status, "VmRSS:\\s+(\\d+)");
        String nmt = jcmd(pid, "VM.native_memory", "summary");
        long threadKb = field(nmt, "-\\s+Thread \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
        String heap = jcmd(pid, "GC.heap_info");
        long heapKb = field(heap, "used (\\d+)K");
        return new Sample(threads, rss, threadKb, heapKb);
    }

    private static long field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String jcmd(long pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static void waitForTools(String mcp, int backends) throws Exception {
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until) {
            try {
                String sid = initialize(mcp);
                String list = post(mcp, sid, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
                if (list.split("_work").length - 1 >= backends) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the gateway did not list the backends' tools");
    }

    private static String initialize(String mcp) throws Exception {
        HttpResponse<String> r = HTTP.send(request(mcp, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"cost\",\"version\":\"1\"}}}"),
                HttpResponse.BodyHandlers.ofString());
        String sid = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HTTP.send(request(mcp, sid, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                HttpResponse.BodyHandlers.discarding());
        return sid;
    }

    private static void call(String mcp, String sid, String tool) throws Exception {
        String answer = post(mcp, sid, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":{}}}");
        if (!answer.contains("worked")) {
            throw new IllegalStateException("call failed: " + answer);
        }
    }

    private static String post(String mcp, String sid, String body) throws Exception {
        return HTTP.send(request(mcp, sid, body), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpRequest request(String mcp, String sid, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(mcp)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").header("MCP-Protocol-Version", "2025-11-25");
        if (sid != null) {
            b.header("Mcp-Session-Id", sid);
        }
        return b.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A backend at /b{n}/mcp: JSON answers; a GET stream held open with a comment every 10 s. */
    private static void backend(HttpExchange ex) throws IOException {
        try (ex) {
            if ("GET".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                openGets.incrementAndGet();
                try {
                    out.write(": open\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    while (true) {
                        Thread.sleep(10_000);
                        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    openGets.decrementAndGet();
                }
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\"[^\"]*\"|\\d+)").matcher(body);
            if (!id.find()) {
                ex.sendResponseHeaders(202, -1);
                return;
            }
            String result;
            if (body.contains("\"initialize\"")) {
                ex.getResponseHeaders().set("Mcp-Session-Id", "s" + sessions.incrementAndGet());
                result = "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"b\",\"version\":\"1\"}}";
            } else if (body.contains("\"tools/list\"")) {
                result = "{\"tools\":[{\"name\":\"work\",\"inputSchema\":{\"type\":\"object\"}}]}";
            } else {
                result = "{\"content\":[{\"type\":\"text\",\"text\":\"worked\"}]}";
            }
            byte[] bytes = ("{\"jsonrpc\":\"2.0\",\"id\":" + id.group(1) + ",\"result\":" + result + "}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }
}
