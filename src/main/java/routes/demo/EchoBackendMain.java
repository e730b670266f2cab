package routes.demo;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fast MCP backends for the benchmark (bench/), as a process of their own:
 * {@code java -cp target/caravan.jar routes.demo.EchoBackendMain --port 9001 [--generated 50] [--tools 100]}.
 *
 * <p>It serves {@code /echo/mcp} (one tool, {@code echo}) and, for catalog-size runs,
 * {@code /gen-00/mcp} ... with {@code --tools} generated tools each. The demo engine answers every
 * request directly on a Vert.x event loop: it does no I/O, so nothing blocks, and the gateway's
 * own cost is what a benchmark against it shows.
 */
public final class EchoBackendMain {

    static final String HOST = "127.0.0.1";

    private EchoBackendMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        int port = Integer.parseInt(required(opts, "port"));
        int generated = Integer.parseInt(opts.getOrDefault("generated", "0"));
        int tools = Integer.parseInt(opts.getOrDefault("tools", "100"));

        Map<String, McpHttpTransport> servers = new LinkedHashMap<>();
        servers.put("/echo/mcp", new McpHttpTransport(EchoServers.echo()));
        for (int i = 0; i < generated; i++) {
            String name = EchoServers.generatedName(i);
            servers.put("/" + name + "/mcp", new McpHttpTransport(EchoServers.generated(name, tools)));
        }

        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(HOST).setPort(port))
                .requestHandler(request -> serve(servers, request));
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(vertx::close, "echo-backend-stop"));
        System.out.println("echo backends listening on http://" + HOST + ":" + server.actualPort()
                + " (/echo/mcp" + (generated > 0 ? ", /" + EchoServers.generatedName(0) + "/mcp .. /"
                + EchoServers.generatedName(generated - 1) + "/mcp with " + tools + " tools each" : "") + ")");
    }

    private static void serve(Map<String, McpHttpTransport> servers, HttpServerRequest request) {
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
            McpHttpTransport.Reply reply = transport.handle(new McpHttpTransport.Request(
                    request.method().name(), request::getHeader, body.result().getBytes()));
            response.setStatusCode(reply.status());
            reply.headers().forEach(response::putHeader);
            response.end(Buffer.buffer(reply.body()));
        });
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
