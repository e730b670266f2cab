package routes;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpSupport;
import org.apache.camel.spi.HeaderFilterStrategy;
import routes.mcp.McpExchange;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A platform-http consumer whose routes can take an SSE response over. Camel's consumer runs the
 * route on a Vert.x worker and, when the route returns, always writes and ends the response; so an
 * open event stream could only stay open by holding its worker for its whole life (at the default
 * pool of 200 workers, 200 open GET streams stopped every POST). Here a GET that asks for
 * {@code text/event-stream}, and a 2026-07-28 {@code subscriptions/listen} POST, run the same steps, and when the route leaves
 * {@link McpExchange#RESPONSE_TAKEN} nothing is written: the stream lives on, written by whoever
 * holds the response, and the worker is free. The exchange completes when the response ends or
 * its connection closes, so it stays in flight (and its span open) for as long as the stream,
 * as before, holding no thread. Every other request, and a stream GET the route answered normally
 * (an error status), gets Camel's own handling and writer.
 */
final class StreamingHttpConsumer extends VertxPlatformHttpConsumer {

    /** Camel's response writer is package-private; reused as is, so only the hand-off differs. */
    private static final Method WRITE_RESPONSE = writeResponseMethod();

    StreamingHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor, List<Handler<RoutingContext>> handlers,
                          String routerName) {
        super(endpoint, processor, handlers, routerName);
    }

    @Override
    protected void handleRequest(RoutingContext ctx) {
        // (a GET has no form body, nor a JSON-RPC POST, so Camel's form handling has nothing to do here)
        if (!opensStream(ctx) || isSuspended() || getEndpoint().isHttpProxy()) {
            super.handleRequest(ctx);
            return;
        }
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        processHttpRequest(exchange, ctx).onComplete(read -> {
            if (read.failed()) {
                fail(exchange, ctx, read.cause());
                return;
            }
            // unordered, as Camel's consumer does: one slow stream set-up never queues another
            ctx.vertx().executeBlocking(() -> {
                createUoW(exchange);
                getProcessor().process(exchange);
                return null;
            }, false).onComplete(processed -> {
                if (processed.failed()) {
                    fail(exchange, ctx, processed.cause());
                } else if (Boolean.TRUE.equals(exchange.getProperty(McpExchange.RESPONSE_TAKEN))) {
                    completeWhenEnded(ctx, exchange);
                } else {
                    write(ctx, exchange).onComplete(written -> {
                        if (written.succeeded()) {
                            complete(exchange);
                        } else {
                            fail(exchange, ctx, written.cause());
                        }
                    });
                }
            });
        });
    }

    /**
     * A GET for an event stream, or a 2026-07-28 {@code subscriptions/listen} POST (whose
     * {@code Mcp-Method} header must mirror its body, so the header tells before the body is read).
     */
    private static boolean opensStream(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            return false;
        }
        HttpMethod method = ctx.request().method();
        return method == HttpMethod.GET
                || method == HttpMethod.POST && "subscriptions/listen".equals(ctx.request().getHeader("Mcp-Method"));
    }

    @SuppressWarnings("unchecked")
    private Future<Void> write(RoutingContext ctx, Exchange exchange) {
        try {
            return (Future<Void>) WRITE_RESPONSE.invoke(null, ctx, exchange, getEndpoint().getHeaderFilterStrategy(),
                    getEndpoint().isMuteException());
        } catch (InvocationTargetException e) {
            return Future.failedFuture(e.getCause());
        } catch (IllegalAccessException e) {
            return Future.failedFuture(e);
        }
    }

    private void fail(Exchange exchange, RoutingContext ctx, Throwable failure) {
        getExceptionHandler().handleException("Failed handling platform-http endpoint " + getEndpoint().getPath(), failure);
        ctx.fail(failure);
        complete(exchange);
    }

    /** Completes the exchange once, when the taken response ends or its client goes (already, or later). */
    private void completeWhenEnded(RoutingContext ctx, Exchange exchange) {
        AtomicBoolean once = new AtomicBoolean();
        Runnable done = () -> {
            if (once.compareAndSet(false, true)) {
                complete(exchange);
            }
        };
        ctx.addEndHandler(ended -> done.run());
        if (ctx.response().ended() || ctx.response().closed()) {
            done.run();
        }
    }

    private void complete(Exchange exchange) {
        doneUoW(exchange);
        releaseExchange(exchange, false);
    }

    private static Method writeResponseMethod() {
        try {
            Method m = VertxPlatformHttpSupport.class.getDeclaredMethod("writeResponse", RoutingContext.class, Exchange.class,
                    HeaderFilterStrategy.class, boolean.class);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("camel-platform-http-vertx has no writeResponse(RoutingContext, Exchange, "
                    + "HeaderFilterStrategy, boolean): this Camel version does not fit StreamingHttpConsumer", e);
        }
    }
}
