package routes.auth;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import routes.kernel.CallerIdentity;

/**
 * The front door's {@code incoming-auth} step: decides who the caller is and leaves it as the
 * exchange property {@link CallerIdentity#PROPERTY}; every later step uses that and nothing else.
 * Anonymous for now (the caller is whoever reaches the port), with the client's W3C trace context
 * kept so backend calls continue its trace. The client's credentials are taken off the message
 * here, so no later step can pass them on by mistake.
 */
public final class IncomingAuth implements Processor {

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        exchange.setProperty(CallerIdentity.PROPERTY, CallerIdentity.anonymous(
                in.getHeader("traceparent", String.class), in.getHeader("tracestate", String.class)));
        in.removeHeader("Authorization");
        in.removeHeader("Cookie");
    }
}
