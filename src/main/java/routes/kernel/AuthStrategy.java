package routes.kernel;

import routes.secrets.SecretRef;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/** How the gateway authenticates to one backend (ToolHive's outgoing auth strategies). */
public sealed interface AuthStrategy {

    AuthStrategy UNAUTHENTICATED = new Unauthenticated();

    /** The wire name, as in the config's {@code type}. */
    String type();

    /** True when the backend is given credentials, so a 401/403 says "wrong credentials", not "none". */
    default boolean sendsCredentials() {
        return !(this instanceof Unauthenticated);
    }

    /**
     * True when the strategy acts for the calling user (it needs the caller's credential), so the
     * gateway's own traffic (probes, catalog) cannot use it and uses {@link #forGateway()} instead.
     */
    default boolean needsUser() {
        return false;
    }

    /** The strategy the gateway's own traffic uses (no user): this one, unless it needs a user. */
    default AuthStrategy forGateway() {
        return this;
    }

    /** The backend needs no credentials. */
    record Unauthenticated() implements AuthStrategy {
        @Override
        public String type() {
            return "unauthenticated";
        }
    }

    /**
     * One header set on every request, overwriting any forwarded header of the same name.
     *
     * @param headerName the header, validated like forwarded headers
     * @param literal    the value written in the config, or null
     * @param secret     where the value is read from on each request, or null (exactly one is set)
     */
    record HeaderInjection(String headerName, String literal, SecretRef secret) implements AuthStrategy {
        public HeaderInjection {
            Objects.requireNonNull(headerName, "headerName");
            if ((literal == null) == (secret == null)) {
                throw new IllegalArgumentException("header_injection needs exactly one of a literal value or a secret");
            }
        }

        @Override
        public String type() {
            return "header_injection";
        }

        @Override
        public String toString() {
            // the literal may be a credential: never print it
            return "HeaderInjection[" + headerName + " from " + (secret == null ? "config" : secret.describe()) + "]";
        }
    }

    /**
     * How the gateway authenticates itself at a token endpoint (RFC 6749 §2.3.1): a client id and,
     * optionally, a secret given literally or read from a {@link SecretRef} on each fetch.
     */
    record OAuthClient(String clientId, String literalSecret, SecretRef secret) {
        public OAuthClient {
            if (literalSecret != null && secret != null) {
                throw new IllegalArgumentException("set the client secret literally or by reference, not both");
            }
        }

        public boolean hasSecret() {
            return literalSecret != null || secret != null;
        }

        @Override
        public String toString() {
            return "OAuthClient[" + clientId + (secret != null ? ", secret from " + secret.describe()
                    : literalSecret != null ? ", secret from config" : "") + "]";
        }
    }

    /**
     * RFC 8693 token exchange: the caller's token is exchanged at {@code tokenUrl} for one meant for
     * the backend, sent as {@code Authorization: Bearer}. The caller's own token never reaches the backend.
     *
     * @param subjectTokenType the full URN of the caller's token type
     */
    record TokenExchange(URI tokenUrl, OAuthClient client, String audience, List<String> scopes, String subjectTokenType)
            implements AuthStrategy {

        public static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
        public static final String ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
        public static final String JWT = "urn:ietf:params:oauth:token-type:jwt";

        public TokenExchange {
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
            subjectTokenType = subjectTokenType == null ? ACCESS_TOKEN : subjectTokenType;
        }

        /** ToolHive's short forms (access_token, id_token, jwt) and the URNs; null for anything else. */
        public static String tokenTypeUrn(String value) {
            if (value == null || value.isEmpty()) {
                return ACCESS_TOKEN;
            }
            return switch (value) {
                case "access_token", ACCESS_TOKEN -> ACCESS_TOKEN;
                case "id_token", ID_TOKEN -> ID_TOKEN;
                case "jwt", JWT -> JWT;
                default -> null;
            };
        }

        @Override
        public String type() {
            return "token_exchange";
        }

        @Override
        public boolean needsUser() {
            return true;
        }

        /** As ToolHive: with a client secret, the gateway's own traffic gets a client-credentials token; else none. */
        @Override
        public AuthStrategy forGateway() {
            return client != null && client.hasSecret()
                    ? new ClientCredentials(tokenUrl, client, audience, scopes) : UNAUTHENTICATED;
        }
    }

    /**
     * OAuth 2.0 client credentials grant (beyond ToolHive): one token for the gateway itself, shared by
     * every caller, sent as {@code Authorization: Bearer}.
     */
    record ClientCredentials(URI tokenUrl, OAuthClient client, String audience, List<String> scopes) implements AuthStrategy {
        public ClientCredentials {
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            Objects.requireNonNull(client, "client");
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }

        @Override
        public String type() {
            return "client_credentials";
        }
    }
}
