package routes.auth;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.backend.OutboundRequest;

/**
 * Pipeline step 1: hands the caller's identity to the later steps (exchange property
 * {@link #SUBJECT}) and continues the client's W3C trace on the backend request. The client's
 * Authorization and cookies are never carried: they are not in the caller identity at all.
 */
public final class IdentityPropagation implements Processor {

    /** String: the subject the request is made for. */
    public static final String SUBJECT = "caravanCallerSubject";

    @Override
    public void process(Exchange exchange) {
        OutboundRequest req = exchange.getProperty(OutboundRequest.PROPERTY, OutboundRequest.class);
        CallerIdentity caller = req.caller() == null ? CallerIdentity.GATEWAY : req.caller();
        exchange.setProperty(SUBJECT, caller.subject());
        if (caller.traceparent() != null) {
            req.headers().put("traceparent", caller.traceparent());
            if (caller.tracestate() != null) {
                req.headers().put("tracestate", caller.tracestate());
            }
        }
    }
}
