package routes.kamelets;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultExchange;
import routes.auth.IssuedToken;
import routes.auth.TokenEndpointCall;
import routes.auth.TokenRequest;
import routes.kernel.BackendSpec;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The step behind {@code mcp-client-credentials-action} and {@code mcp-token-exchange-action}:
 * gets an access token from an OAuth token endpoint and sets {@code Authorization: Bearer <token>},
 * overwriting (auth wins), as the gateway's outgoing auth does. The HTTP call is the gateway's own
 * ({@link TokenEndpointCall}: timeouts, HTTP Basic client authentication, errors that name no secret).
 * A token is kept until shortly before it expires: one per Kamelet for client credentials, one per
 * subject token (a bounded number) for token exchange. The subject token is the bearer token of the
 * message's {@code subjectTokenHeader} (default Authorization), which the exchanged token replaces.
 */
public final class OAuthBearer implements Processor {

    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    private static final int MAX_CACHED_SUBJECTS = 1000;

    private String grant = "client_credentials";
    private URI tokenUrl;
    private String clientId = "";
    private String clientSecret = "";
    private String scope = "";
    private String audience = "";
    private String subjectTokenHeader = "Authorization";
    private long timeout = 10_000;
    private TokenEndpointCall endpoint;
    private BackendSpec owner;
    /** Issued tokens by subject token ("" for client credentials), least recently used first out. */
    private final Map<String, IssuedToken> tokens = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IssuedToken> eldest) {
            return size() > MAX_CACHED_SUBJECTS;
        }
    };

    /** {@code client_credentials} or {@code token_exchange}. */
    public void setGrant(String grant) {
        if (!grant.equals("client_credentials") && !grant.equals("token_exchange")) {
            throw new IllegalArgumentException("grant must be client_credentials or token_exchange, not " + grant);
        }
        this.grant = grant;
    }

    public void setTokenUrl(String tokenUrl) {
        this.tokenUrl = URI.create(KameletProperties.httpUrl("tokenUrl", tokenUrl));
    }

    public void setClientId(String clientId) {
        this.clientId = clientId == null ? "" : clientId.trim();
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret == null ? "" : clientSecret;
    }

    public void setScope(String scope) {
        this.scope = scope == null ? "" : scope.trim();
    }

    public void setAudience(String audience) {
        this.audience = audience == null ? "" : audience.trim();
    }

    public void setSubjectTokenHeader(String header) {
        this.subjectTokenHeader = KameletProperties.required("subjectTokenHeader", header);
    }

    public void setTimeout(long timeout) {
        this.timeout = KameletProperties.positive("timeout", timeout);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message msg = exchange.getMessage();
        String subject = "";
        if (grant.equals("token_exchange")) {
            subject = subjectToken(msg.getHeader(subjectTokenHeader, String.class));
        }
        IssuedToken token = token(exchange, subject);
        msg.setHeader("Authorization", "Bearer " + token.accessToken());
    }

    private String subjectToken(String header) {
        String value = header == null ? "" : header.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).trim();
        }
        if (value.isEmpty()) {
            throw new IllegalStateException("token exchange needs the caller's token in header '" + subjectTokenHeader
                    + "' (Bearer <token>), and the message has none");
        }
        return value;
    }

    private IssuedToken token(Exchange exchange, String subject) throws Exception {
        synchronized (tokens) {
            IssuedToken cached = tokens.get(subject);
            if (cached != null && System.nanoTime() - cached.refreshAtNanos() < 0) {
                return cached;
            }
        }
        // outside the lock: a slow endpoint delays only the messages that need a new token
        DefaultExchange call = new DefaultExchange(exchange.getContext());
        call.getMessage().setBody(new TokenRequest(owner(), grant.replace('_', ' '), tokenUrl, form(subject),
                clientId.isEmpty() ? null : clientId, clientSecret.isEmpty() ? null : clientSecret));
        endpoint().process(call);
        IssuedToken issued = call.getMessage().getBody(IssuedToken.class);
        synchronized (tokens) {
            tokens.put(subject, issued);
        }
        return issued;
    }

    private Map<String, String> form(String subject) {
        Map<String, String> form = new LinkedHashMap<>();
        if (grant.equals("token_exchange")) {
            form.put("grant_type", TOKEN_EXCHANGE);
            form.put("subject_token", subject);
            form.put("subject_token_type", ACCESS_TOKEN_TYPE);
            form.put("requested_token_type", ACCESS_TOKEN_TYPE);
        } else {
            form.put("grant_type", "client_credentials");
        }
        if (!audience.isEmpty()) {
            form.put("audience", audience);
        }
        if (!scope.isEmpty()) {
            form.put("scope", scope);
        }
        return form;
    }

    private synchronized TokenEndpointCall endpoint() {
        if (endpoint == null) {
            if (tokenUrl == null) {
                throw new IllegalStateException("the Kamelet property tokenUrl is required");
            }
            // the system's CAs: a Kamelet has no backend CA bundle
            endpoint = new TokenEndpointCall(b -> null, Duration.ofMillis(timeout), Duration.ofMillis(timeout));
        }
        return endpoint;
    }

    /** Who the token is for, as the token endpoint's errors name it. */
    private synchronized BackendSpec owner() {
        if (owner == null) {
            owner = new BackendSpec("kamelet mcp-" + grant.replace('_', '-'), tokenUrl, BackendSpec.Transport.STREAMABLE_HTTP,
                    null, Duration.ofMillis(timeout));
        }
        return owner;
    }

    @Override
    public String toString() {
        return "OAuthBearer[" + grant + " at " + (tokenUrl == null ? "?" : tokenUrl.getHost()) + "]";
    }
}
