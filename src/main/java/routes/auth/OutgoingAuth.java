package routes.auth;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.headers.SecretHeaderValue;
import routes.kernel.AuthStrategy;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.Credential;
import routes.kernel.FailureCategory;
import routes.kernel.Pipeline;
import routes.kernel.StepGate;
import routes.secrets.SecretNotFoundException;
import routes.secrets.SecretsProvider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Pipeline step 3: applies the backend's ({@link Pipeline#BACKEND}) outgoing auth strategy to the
 * message headers. It runs after header-forward and sets its headers unconditionally, so auth wins
 * over a forwarded header of the same name.
 *
 * <p>A strategy that acts for the user (token exchange) uses the caller's ({@link Pipeline#CALLER})
 * bearer token as the subject token; the gateway's own traffic (probes, catalog) has no user and
 * uses the strategy's {@link AuthStrategy#forGateway() gateway form}. A client's request without a
 * token is refused rather than sent with the gateway's credentials, which would lend the gateway's
 * identity to anyone. A token endpoint that fails fails this backend's call only.
 */
public final class OutgoingAuth implements Processor, StepGate.Step {

    private static final String BEARER = "Bearer";

    private final SecretsProvider secrets;
    private final OutgoingTokens tokens;

    public OutgoingAuth(SecretsProvider secrets, OutgoingTokens tokens) {
        this.secrets = secrets;
        this.tokens = tokens;
    }

    /** Only for a backend given credentials (and always without a backend, which process refuses). */
    @Override
    public boolean hasWork(Exchange exchange) {
        BackendSpec backend = exchange.getProperty(Pipeline.BACKEND, BackendSpec.class);
        return backend == null || backend.auth().sendsCredentials();
    }

    @Override
    public void process(Exchange exchange) {
        BackendSpec backend = exchange.getProperty(Pipeline.BACKEND, BackendSpec.class);
        if (backend == null) {
            throw new IllegalStateException("outgoing-auth needs the " + Pipeline.BACKEND + " property");
        }
        AuthStrategy strategy = backend.auth();
        CallerIdentity caller = exchange.getProperty(Pipeline.CALLER, CallerIdentity.class);
        if (strategy.needsUser() && (caller == null || caller.isGateway())) {
            strategy = strategy.forGateway();
        }
        // unauthenticated adds nothing
        if (strategy instanceof AuthStrategy.HeaderInjection h) {
            exchange.getMessage().setHeader(h.headerName(), h.literal() != null ? h.literal()
                    : SecretHeaderValue.resolve(secrets, backend, h.headerName(), h.secret()));
        } else if (strategy instanceof AuthStrategy.TokenExchange t) {
            exchange.getMessage().setHeader("Authorization", BEARER + " " + exchanged(backend, t, caller));
        } else if (strategy instanceof AuthStrategy.ClientCredentials c) {
            exchange.getMessage().setHeader("Authorization", BEARER + " " + clientToken(backend, c));
        }
    }

    private String exchanged(BackendSpec backend, AuthStrategy.TokenExchange t, CallerIdentity caller) {
        Credential credential = caller == null ? null : caller.credential();
        if (credential == null || !BEARER.equalsIgnoreCase(credential.scheme())) {
            String why = "cannot be called: its token exchange needs the caller's bearer token, and this request has none"
                    + " (incomingAuth must be oidc for token_exchange backends)";
            throw new BackendException(backend.name(), FailureCategory.AUTH, why, why, null);
        }
        String subject = credential.reveal();
        OutgoingTokens.Key key = new OutgoingTokens.Key(backend.name(), t, caller.principal(), OutgoingTokens.hash(subject));
        return fetch(backend, "token exchange", key, () -> {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
            form.put("subject_token", subject);
            form.put("subject_token_type", t.subjectTokenType());
            form.put("requested_token_type", AuthStrategy.TokenExchange.ACCESS_TOKEN);
            putOptional(form, t.audience(), t.scopes());
            return new TokenRequest(backend, "token exchange", t.tokenUrl(), form, clientId(t.client()),
                    clientSecret(backend, t.client()));
        });
    }

    private String clientToken(BackendSpec backend, AuthStrategy.ClientCredentials c) {
        OutgoingTokens.Key key = new OutgoingTokens.Key(backend.name(), c, "", "");
        return fetch(backend, "client credentials", key, () -> {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "client_credentials");
            putOptional(form, c.audience(), c.scopes());
            return new TokenRequest(backend, "client credentials", c.tokenUrl(), form, clientId(c.client()),
                    clientSecret(backend, c.client()));
        });
    }

    private String fetch(BackendSpec backend, String grant, OutgoingTokens.Key key,
                         Supplier<TokenRequest> request) {
        try {
            return tokens.token(key, request);
        } catch (TokenEndpointException e) {
            throw new BackendException(backend.name(), FailureCategory.AUTH, "cannot be called: " + grant + " failed: "
                    + e.clientReason(), "cannot be called: " + grant + " failed: " + e.getMessage(), e);
        }
    }

    private static void putOptional(Map<String, String> form, String audience, List<String> scopes) {
        if (audience != null && !audience.isEmpty()) {
            form.put("audience", audience);
        }
        if (!scopes.isEmpty()) {
            form.put("scope", String.join(" ", scopes));
        }
    }

    private static String clientId(AuthStrategy.OAuthClient client) {
        return client == null ? null : client.clientId();
    }

    private String clientSecret(BackendSpec backend, AuthStrategy.OAuthClient client) {
        if (client == null || client.literalSecret() != null) {
            return client == null ? null : client.literalSecret();
        }
        if (client.secret() == null) {
            return null;
        }
        try {
            return secrets.value(client.secret());
        } catch (SecretNotFoundException e) {
            String missing = "cannot be called: its client secret (" + client.secret().describe() + ") is missing or empty";
            throw new BackendException(backend.name(), FailureCategory.CONFIG, missing, missing, e);
        }
    }
}
