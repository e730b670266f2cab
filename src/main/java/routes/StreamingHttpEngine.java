package routes;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * platform-http's Vert.x engine, with consumers that let a route keep an SSE response open after it
 * returns ({@link StreamingHttpConsumer}). Camel's component uses the engine bound in the registry
 * as {@code platform-http-engine} before it falls back to the one it finds on the classpath.
 */
final class StreamingHttpEngine extends VertxPlatformHttpEngine {

    /** The registry name platform-http looks an engine up by. */
    static final String NAME = "platform-http-engine";

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new StreamingHttpConsumer(endpoint, processor, getHandlers(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()));
    }
}
