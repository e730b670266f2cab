package routes.demo;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import routes.protocol.Json;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fast MCP backends for the benchmark (bench/), as a process of their own:
 * {@code java -cp target/caravan.jar routes.demo.EchoBackendMain --port 9001 [--generated 50] [--tools 100]
 * [--slow-ms 5000]}.
 *
 * <p>It serves {@code /echo/mcp} (one tool, {@code echo}) and, for catalog-size runs,
 * {@code /gen-00/mcp} ... with {@code --tools} generated tools each. The demo engine answers every
 * request directly on a Vert.x event loop: it does no I/O, so nothing blocks, and the gateway's
 * own cost is what a benchmark against it shows. {@code /slow/mcp} is the echo server answering
 * each tools/call only after {@code --slow-ms} (a timer, not a sleeping thread: thousands of
 * calls can wait on it at once).
 */
public final class EchoBackendMain implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final String SLOW_PATH = "/slow/mcp";

    private final Vertx vertx;
    private final int port;

    private EchoBackendMain(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        int generated = Integer.parseInt(opts.getOrDefault("generated", "0"));
        int tools = Integer.parseInt(opts.getOrDefault("tools", "100"));
        long slowMillis = Long.parseLong(opts.getOrDefault("slow-ms", "5000"));
        EchoBackendMain running = start(Integer.parseInt(required(opts, "port")), generated, tools, slowMillis);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "echo-backend-stop"));
        System.out.println("echo backends listening on " + running.baseUrl()
                + " (/echo/mcp, /slow/mcp answering tools/call after " + slowMillis + " ms"
                + (generated > 0 ? ", /" + EchoServers.generatedName(0) + "/mcp .. /"
                + EchoServers.generatedName(generated - 1) + "/mcp with " + tools + " tools each" : "") + ")");
    }

    /** Serves the echo server and {@code generated} servers of {@code tools} tools; port 0 picks a free one. */
    public static EchoBackendMain start(int port, int generated, int tools) throws Exception {
        return start(port, generated, tools, 5000);
    }

    /** As {@link #start(int, int, int)}, with {@code /slow/mcp} answering tools/call after {@code slowMillis}. */
    public static EchoBackendMain start(int port, int generated, int tools, long slowMillis) throws Exception {
        Map<String, McpHttpTransport> servers = new LinkedHashMap<>();
        servers.put("/echo/mcp", new McpHttpTransport(EchoServers.echo()));
        servers.put(SLOW_PATH, new McpHttpTransport(EchoServers.echo()));
        for (int i = 0; i < generated; i++) {
            String name = EchoServers.generatedName(i);
            servers.put("/" + name + "/mcp", new McpHttpTransport(EchoServers.generated(name, tools)));
        }
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(HOST).setPort(port))
                    .requestHandler(request -> serve(vertx, servers, request, slowMillis));
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new EchoBackendMain(vertx, server.actualPort());
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>}; the servers are at {@code /echo/mcp}, {@code /gen-00/mcp}, ... */
    public String baseUrl() {
        return "http://" + HOST + ":" + port;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // stopping is best effort: the process (or test) ends either way
        }
    }

    private static void serve(Vertx vertx, Map<String, McpHttpTransport> servers, HttpServerRequest request,
                              long slowMillis) {
        McpHttpTransport transport = servers.get(request.path());
        if (transport == null) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.body().onComplete(body -> {
            HttpServerResponse response = request.response();
            if (body.failed()) {
                response.setStatusCode(400).end();
                return;
            }
            byte[] bytes = body.result().getBytes();
            McpHttpTransport.Reply reply = transport.handle(new McpHttpTransport.Request(
                    request.method().name(), request::getHeader, bytes));
            response.setStatusCode(reply.status());
            reply.headers().forEach(response::putHeader);
            if (SLOW_PATH.equals(request.path()) && isToolCall(bytes)) {
                vertx.setTimer(slowMillis, t -> response.end(Buffer.buffer(reply.body())));
            } else {
                response.end(Buffer.buffer(reply.body()));
            }
        });
    }

    private static boolean isToolCall(byte[] body) {
        try {
            return "tools/call".equals(Json.MAPPER.readTree(body).path("method").asText());
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: EchoBackendMain --port N [--generated N] [--tools N]; "
                        + "bad argument '" + args[i] + "'");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null) {
            throw new IllegalArgumentException("EchoBackendMain needs --" + name);
        }
        return value;
    }
}
