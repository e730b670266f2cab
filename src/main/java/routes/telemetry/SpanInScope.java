package routes.telemetry;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
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
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                SpanAdapter span = ActiveSpanManager.getSpan(exchange);
                if (span == null) {
                    return super.process(exchange, callback);
                }
                try (AutoCloseable ignored = span.makeCurrent()) {
                    return super.process(exchange, callback);
                } catch (Exception e) {
                    // only closing the scope can throw here; the step's own failure is on the exchange
                    exchange.setException(e);
                    callback.done(true);
                    return true;
                }
            }
        };
    }
}
