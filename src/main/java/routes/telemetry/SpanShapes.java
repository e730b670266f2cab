package routes.telemetry;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.tracing.decorators.DirectSpanDecorator;
import org.apache.camel.tracing.decorators.PlatformHttpSpanDecorator;

/**
 * How Camel's tracer names and nests Caravan's spans. One span per route: a {@code to: direct:x}
 * makes no client span of its own (Camel's default), since route {@code x} has one; and the front
 * door's server span is named as OTel's HTTP conventions ask, method and path ({@code POST /mcp}),
 * not the method alone.
 */
final class SpanShapes {

    private SpanShapes() {
    }

    static final class DirectHops extends DirectSpanDecorator {
        @Override
        public boolean newSpan() {
            return false;
        }
    }

    static final class FrontDoor extends PlatformHttpSpanDecorator {
        @Override
        public String getOperationName(Exchange exchange, Endpoint endpoint) {
            return getHttpMethod(exchange, endpoint) + " /" + stripSchemeAndOptions(endpoint);
        }
    }
}
