package routes.telemetry;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.tracing.ActiveSpanManager;
import org.apache.camel.tracing.SpanAdapter;

/**
 * Makes the route's span the current OpenTelemetry context while a {@code process} step runs.
 * Caravan's processors send the outbound pipeline a new exchange of its own (nothing of the
 * client's request on it), synchronously on the same thread; Camel's tracer starts that
 * exchange's first span from the current context, which it does not keep current between steps.
 * So the backend call lands in the client's trace, under the route that made it.
 */
final class SpanInScope implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        if (!"process".equals(definition.getShortName())) {
            return target;
        }
        return exchange -> {
            SpanAdapter span = ActiveSpanManager.getSpan(exchange);
            if (span == null) {
                target.process(exchange);
                return;
            }
            try (AutoCloseable ignored = span.makeCurrent()) {
                target.process(exchange);
            }
        };
    }
}
