package routes.auth;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import routes.kernel.CallerIdentity;
import routes.kernel.Pipeline;

/**
 * Pipeline step 1: continues the caller's W3C trace on the backend request (traceparent and
 * tracestate headers). The caller ({@link Pipeline#CALLER}) was decided by incoming-auth at the
 * front door, or is the gateway itself; its credential is never carried: token passthrough is
 * forbidden by the MCP spec.
 */
public final class IdentityPropagation implements Processor {

    @Override
    public void process(Exchange exchange) {
        CallerIdentity caller = exchange.getProperty(Pipeline.CALLER, CallerIdentity.class);
        if (caller == null || caller.traceparent() == null) {
            return;
        }
        Message msg = exchange.getMessage();
        msg.setHeader("traceparent", caller.traceparent());
        if (caller.tracestate() != null) {
            msg.setHeader("tracestate", caller.tracestate());
        }
    }
}
