package routes.ui;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Puts the status page on Camel's management server (the port of /observe/health). Camel 4.18's
 * platform-http routes serve only the main server, and its own management features (metrics,
 * health) add handlers to the management server's router; so does this, and each request is sent
 * to the status-page route as the operator's, so a route override applies here too.
 */
public final class ManagementStatusPage implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementStatusPage.class);

    private final String routeUri;

    /** @param routeUri the status-page route's endpoint, e.g. {@code direct:status-page} */
    public ManagementStatusPage(String routeUri) {
        this.routeUri = routeUri;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the management server is started with the context's services: mount once all is up
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext camel, boolean alreadyStarted) throws Exception {
        ManagementHttpServer server = camel.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            LOG.info("Status page: no management server (camel.management.enabled=false), not served there");
            return;
        }
        VertxPlatformHttpRouter router = server.getRouter();
        ProducerTemplate producer = camel.createProducerTemplate();
        // stopped with the context
        camel.addService(producer);
        // blocking: the route runs on a worker, never on the event loop; unordered: pages need no order
        router.route(HttpMethod.GET, "/caravan").blockingHandler(ctx -> handle(ctx, producer), false);
        router.route(HttpMethod.GET, StatusPage.BASE + "*").blockingHandler(ctx -> handle(ctx, producer), false);
        LOG.info("Status page: http://{}:{}{}", server.getHost(), server.getPort(), StatusPage.BASE);
    }

    private void handle(RoutingContext ctx, ProducerTemplate producer) {
        HttpServerResponse response = ctx.response();
        try {
            Exchange reply = producer.send(routeUri, exchange -> {
                exchange.setProperty(StatusAudience.PROPERTY, StatusAudience.OPERATOR.wireName());
                exchange.getMessage().setHeader(Exchange.HTTP_PATH, ctx.normalizedPath());
            });
            if (reply.getException() != null) {
                throw reply.getException();
            }
            Message msg = reply.getMessage();
            response.setStatusCode(msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
            for (Map.Entry<String, Object> h : msg.getHeaders().entrySet()) {
                if (!h.getKey().startsWith("Camel") && h.getValue() != null) {
                    response.putHeader(h.getKey(), h.getValue().toString());
                }
            }
            byte[] body = msg.getBody(byte[].class);
            response.end(Buffer.buffer(body == null ? new byte[0] : body));
        } catch (Exception e) {
            LOG.warn("Status page request {} failed: {}", ctx.normalizedPath(), e.toString());
            if (!response.ended()) {
                response.setStatusCode(500).putHeader("Content-Type", "text/plain; charset=utf-8").end("status page failed\n");
            }
        }
    }
}
