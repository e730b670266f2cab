package routes.auth;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.backend.OutboundRequest;

/**
 * Pipeline step 3: applies the backend's outgoing auth strategy. It runs after header-forward and
 * sets its headers unconditionally, so auth wins over a forwarded header of the same name. The
 * only strategy so far is {@code unauthenticated}, which adds nothing.
 */
public final class OutgoingAuth implements Processor {

    @Override
    public void process(Exchange exchange) {
        OutboundRequest req = exchange.getProperty(OutboundRequest.PROPERTY, OutboundRequest.class);
        if (req == null) {
            throw new IllegalStateException("outgoing-auth needs the " + OutboundRequest.PROPERTY + " property");
        }
        // unauthenticated: the backend needs no credentials
    }
}
