package routes.auth;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.List;

/**
 * What the {@code incoming-auth} step needs of {@code incomingAuth.oidc}, resolved by the
 * composition root (the client secret read, the CA bundle made an {@link SSLContext}).
 *
 * @param issuer           the {@code iss} tokens must carry; also where keys are discovered; or null
 * @param audiences        what a JWT's {@code aud} must contain one of (audience, else resource); empty: any
 * @param resource         this gateway's resource identifier for the metadata document, or null
 * @param jwksUrl          the JWKS, or null to discover it from the issuer
 * @param introspectionUrl RFC 7662 endpoint for opaque tokens, or null
 * @param clientSecret     for introspection (with clientId), or null; never printed
 * @param allowPrivateIp   private and loopback addresses allowed for every OIDC request
 * @param insecureAllowHttp plain http allowed for every OIDC request
 * @param tls              trust for the OIDC endpoints (with the CA bundle), or null for the JVM's
 */
public record OidcSettings(String issuer, List<String> audiences, String resource, String jwksUrl,
                           String introspectionUrl, String clientId, String clientSecret, List<String> scopes,
                           boolean allowPrivateIp, boolean insecureAllowHttp, SSLContext tls, Duration timeout,
                           Duration clockSkew) {

    public OidcSettings {
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "OidcSettings[issuer=" + issuer + ", audiences=" + audiences + ", jwksUrl=" + jwksUrl
                + ", introspectionUrl=" + introspectionUrl + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? "none" : "[redacted]") + "]";
    }
}
