package routes.auth;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.headers.SecretHeaderValue;
import routes.kernel.AuthStrategy;
import routes.kernel.BackendSpec;
import routes.kernel.Pipeline;
import routes.secrets.SecretsProvider;

/**
 * Pipeline step 3: applies the backend's ({@link Pipeline#BACKEND}) outgoing auth strategy to the
 * message headers. It runs after header-forward and sets its headers unconditionally, so auth wins
 * over a forwarded header of the same name.
 */
public final class OutgoingAuth implements Processor {

    private final SecretsProvider secrets;

    public OutgoingAuth(SecretsProvider secrets) {
        this.secrets = secrets;
    }

    @Override
    public void process(Exchange exchange) {
        BackendSpec backend = exchange.getProperty(Pipeline.BACKEND, BackendSpec.class);
        if (backend == null) {
            throw new IllegalStateException("outgoing-auth needs the " + Pipeline.BACKEND + " property");
        }
        // unauthenticated adds nothing
        if (backend.auth() instanceof AuthStrategy.HeaderInjection h) {
            exchange.getMessage().setHeader(h.headerName(), h.literal() != null ? h.literal()
                    : SecretHeaderValue.resolve(secrets, backend, h.headerName(), h.secret()));
        }
    }
}
