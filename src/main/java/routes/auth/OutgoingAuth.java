package routes.auth;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.backend.OutboundRequest;
import routes.headers.SecretHeaderValue;
import routes.secrets.SecretsProvider;

/**
 * Pipeline step 3: applies the backend's outgoing auth strategy. It runs after header-forward and
 * sets its headers unconditionally, so auth wins over a forwarded header of the same name.
 */
public final class OutgoingAuth implements Processor {

    private final SecretsProvider secrets;

    public OutgoingAuth(SecretsProvider secrets) {
        this.secrets = secrets;
    }

    @Override
    public void process(Exchange exchange) {
        OutboundRequest req = exchange.getProperty(OutboundRequest.PROPERTY, OutboundRequest.class);
        if (req == null) {
            throw new IllegalStateException("outgoing-auth needs the " + OutboundRequest.PROPERTY + " property");
        }
        // unauthenticated adds nothing
        if (req.backend().auth() instanceof AuthStrategy.HeaderInjection h) {
            req.headers().put(h.headerName(), h.literal() != null ? h.literal()
                    : SecretHeaderValue.resolve(secrets, req.backend(), h.headerName(), h.secret()));
        }
    }
}
