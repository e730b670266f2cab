package bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.List;

/**
 * What a proxy costs that never leaves the event loop: a Vert.x server whose handler sends each
 * request on with Vert.x's HTTP client and writes the answer back when it arrives, with no worker
 * thread and no blocking wait. Nothing of MCP and nothing of Camel: it shows how low a call can
 * go on this machine without the hand-off that Camel's platform-http consumer makes for every
 * request. Started by {@link SideBySide} from the gateway's jar:
 * {@code java -cp <bench classes>:<jar> bench.VertxFloor PORT TARGET_URL}.
 */
public final class VertxFloor {

    /** The headers an MCP exchange needs, each way. */
    private static final List<String> REQUEST_HEADERS = List.of("content-type", "accept", "mcp-session-id",
            "mcp-protocol-version", "last-event-id");
    private static final List<String> RESPONSE_HEADERS = List.of("content-type", "mcp-session-id");

    private VertxFloor() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        URI target = URI.create(args[1]);
        // one event loop, as the gateway's front door uses one for its server
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(200));
        vertx.createHttpServer().requestHandler(request -> forward(client, target, request))
                .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    private static void forward(HttpClient client, URI target, HttpServerRequest request) {
        request.body().compose(body -> {
            RequestOptions options = new RequestOptions().setMethod(request.method()).setHost(target.getHost())
                    .setPort(target.getPort()).setURI(target.getRawPath());
            for (String name : REQUEST_HEADERS) {
                String value = request.getHeader(name);
                if (value != null) {
                    options.putHeader(name, value);
                }
            }
            return client.request(options).compose(out -> out.send(body));
        }).compose(answer -> answer.body().map(body -> {
            request.response().setStatusCode(answer.statusCode());
            for (String name : RESPONSE_HEADERS) {
                String value = answer.getHeader(name);
                if (value != null) {
                    request.response().putHeader(name, value);
                }
            }
            return body;
        })).onComplete(done -> {
            if (done.succeeded()) {
                request.response().end(done.result());
            } else {
                request.response().setStatusCode(502).end();
            }
        });
    }
}
