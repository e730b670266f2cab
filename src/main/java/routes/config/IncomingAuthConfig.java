package routes.config;

import routes.secrets.SecretRef;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code incomingAuth}: who may call the gateway. ToolHive's {@code type} (anonymous or oidc) and,
 * beyond ToolHive, static API keys that work alone (with type anonymous they replace "anyone") or
 * beside OIDC (a request carries either a bearer token or a key).
 *
 * @param oidc    the OIDC settings under {@code type: oidc}, else null
 * @param apiKeys Caravan's static keys ({@code incomingAuth.apiKeys}), in file order
 * @param requiredScopes Caravan's {@code incomingAuth.requiredScopes}: scopes every caller's
 *                       {@code scope} (or {@code scp}) claim must hold, else 403 insufficient_scope
 */
public record IncomingAuthConfig(Oidc oidc, List<ApiKey> apiKeys, List<String> requiredScopes) {

    /** No client authentication: anyone who reaches the port. */
    public static final IncomingAuthConfig ANONYMOUS = new IncomingAuthConfig(null, List.of(), List.of());

    public IncomingAuthConfig {
        apiKeys = ConfigCollections.copy(apiKeys);
        requiredScopes = ConfigCollections.copy(requiredScopes);
    }

    /** True when nobody has to authenticate (ToolHive's anonymous, no API keys). */
    public boolean anonymous() {
        return oidc == null && apiKeys.isEmpty();
    }

    /**
     * ToolHive's {@code incomingAuth.oidc}.
     *
     * @param clientSecret the variable named by {@code clientSecretEnv} (for introspection), or null
     * @param allowPrivateIp {@code jwksAllowPrivateIp || protectedResourceAllowPrivateIp}: as in
     *                       ToolHive, either allows private and loopback addresses for every OIDC
     *                       request (discovery, JWKS, introspection)
     */
    public record Oidc(String issuer, String clientId, SecretRef clientSecret, String audience, String resource,
                       String jwksUrl, String introspectionUrl, List<String> scopes, boolean allowPrivateIp,
                       boolean insecureAllowHttp, String caBundlePath) {

        public Oidc {
            scopes = ConfigCollections.copy(scopes);
        }

        /** The resource this gateway is (RFC 8707/9728): {@code resource}, else {@code audience} (ToolHive), or null. */
        public String resourceOrAudience() {
            return resource != null ? resource : audience;
        }
    }

    /**
     * A static API key: a caller presenting a key whose SHA-256 equals the configured hash is
     * {@code subject}, with {@code claims} (e.g. groups) for authorization.
     *
     * @param hash the hash as "sha256:<64 hex>", or null when it comes from {@code hashSource}
     * @param hashSource an env variable or Secret key holding "sha256:<hex>", or null
     */
    public record ApiKey(String subject, String hash, SecretRef hashSource, Map<String, Object> claims) {

        public ApiKey {
            Objects.requireNonNull(subject, "subject");
            claims = claims == null ? Map.of() : Map.copyOf(claims);
        }
    }
}
