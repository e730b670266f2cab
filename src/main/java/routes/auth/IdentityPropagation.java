package routes.auth;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.spi.CamelTracingService;
import routes.kernel.CallerIdentity;
import routes.kernel.Pipeline;
import routes.kernel.StepGate;

/**
 * Pipeline step 1: the W3C trace context a backend gets (traceparent and tracestate headers). One
 * rule: when Camel has a tracer (telemetry {@code tracingEnabled}), the tracer sets them at the
 * HTTP call, from that call's client span, in the client's trace; this step then sets nothing.
 * Without one, the caller's trace context is passed on as it came. The caller
 * ({@link Pipeline#CALLER}) was decided by incoming-auth at the front door, or is the gateway
 * itself; its credential is never carried: token passthrough is forbidden by the MCP spec.
 */
public final class IdentityPropagation implements Processor, StepGate.Step {

    /** Whether Camel traces; looked up once (the tracer is installed before the routes start). */
    private volatile Boolean tracerPropagates;

    /** Only for a caller that sent a trace context, when Camel's tracer does not propagate one itself. */
    @Override
    public boolean hasWork(Exchange exchange) {
        if (tracerPropagates(exchange)) {
            return false;
        }
        CallerIdentity caller = exchange.getProperty(Pipeline.CALLER, CallerIdentity.class);
        return caller != null && caller.traceparent() != null;
    }

    @Override
    public void process(Exchange exchange) {
        if (!hasWork(exchange)) {
            return;
        }
        CallerIdentity caller = exchange.getProperty(Pipeline.CALLER, CallerIdentity.class);
        Message msg = exchange.getMessage();
        msg.setHeader("traceparent", caller.traceparent());
        if (caller.tracestate() != null) {
            msg.setHeader("tracestate", caller.tracestate());
        }
    }

    private boolean tracerPropagates(Exchange exchange) {
        Boolean known = tracerPropagates;
        if (known == null) {
            known = exchange.getContext().hasService(CamelTracingService.class) != null;
            tracerPropagates = known;
        }
        return known;
    }
}
