package routes.telemetry;

import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import org.apache.camel.Exchange;
import org.apache.camel.opentelemetry.SpanCustomizer;
import routes.kernel.BackendSpec;
import routes.kernel.Pipeline;

/**
 * Puts on each span of the outbound pipeline which backend it is for and which MCP method it
 * sends ({@code caravan.backend}, {@code mcp.method.name}), read from the pipeline's exchange
 * properties: the backend's name, never a header. And keeps route spans internal.
 */
final class BackendSpanAttributes implements SpanCustomizer {

    @Override
    public void customize(SpanBuilder span, String operationName, Exchange exchange) {
        if (exchange.getContext().getRoute(operationName) != null) {
            // a route's span (route id = its direct: endpoint here); Camel makes the first span of
            // a new exchange a server span, but only the front door serves a client
            span.setSpanKind(SpanKind.INTERNAL);
        }
        BackendSpec backend = exchange.getProperty(Pipeline.BACKEND, BackendSpec.class);
        if (backend == null) {
            return;
        }
        span.setAttribute("caravan.backend", backend.name());
        String method = exchange.getProperty(Pipeline.RPC_METHOD, String.class);
        if (method != null) {
            span.setAttribute("mcp.method.name", method);
        }
    }
}
