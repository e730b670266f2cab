package routes;

import org.apache.camel.CamelContext;
import routes.auth.ApiKeys;
import routes.auth.IncomingAuth;
import routes.auth.OidcSettings;
import routes.auth.ProtectedResourceMetadata;
import routes.backend.BackendTls;
import routes.config.GatewayConfig;
import routes.config.IncomingAuthConfig;
import routes.discovery.StaticDiscovery;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The front door's {@code incoming-auth} step and the RFC 9728 metadata route, made from the
 * config's {@code incomingAuth} as read at start (like telemetry, a reloaded config with another
 * incomingAuth is only logged: who may call the gateway does not change under running sessions).
 * Then the bind-address rule ({@link BindAddress}), which needs to know whether the gateway is open.
 */
final class IncomingAuthBeans {

    /** Clock skew allowed on exp and nbf. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private IncomingAuthBeans() {
    }

    static void bind(CamelContext camel, GatewayState s, CaravanProperties p) throws Exception {
        StaticDiscovery discovery = camel.getRegistry().lookupByNameAndType("staticDiscovery", StaticDiscovery.class);
        IncomingAuthConfig config = discovery.current().incomingAuth();
        IncomingAuth auth = new IncomingAuth(oidc(camel, config.oidc(), s, p), apiKeys(config, s),
                p.text("caravan.server.public-url", "").trim(), config.requiredScopes());
        camel.getRegistry().bind("incomingAuth", auth);
        camel.getRegistry().bind("protectedResourceMetadata", new ProtectedResourceMetadata(auth));
        discovery.onApplied(applied -> warnIfChanged(config, applied));
        BindAddress.apply(camel, auth.open(), Boolean.parseBoolean(p.text("caravan.server.allow-anonymous-remote", "false").trim()));
    }

    private static OidcSettings oidc(CamelContext camel, IncomingAuthConfig.Oidc o, GatewayState s, CaravanProperties p)
            throws Exception {
        if (o == null) {
            return null;
        }
        String secret = o.clientSecret() == null ? null : s.secrets().value(o.clientSecret());
        SSLContext tls = null;
        if (o.caBundlePath() != null) {
            tls = BackendTls.contextParameters(BackendTls.readPem(Path.of(o.caBundlePath()))).createSSLContext(camel);
        }
        List<String> audiences = o.audience() != null ? List.of(o.audience())
                : o.resource() != null ? List.of(o.resource()) : List.of();
        if (audiences.isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(IncomingAuthBeans.class).warn("incomingAuth.oidc has neither audience nor"
                    + " resource: a token the provider issued for any other client or server is accepted here too."
                    + " Set audience to what the provider puts in aud for this gateway");
        }
        return new OidcSettings(o.issuer(), audiences, o.resourceOrAudience(), o.jwksUrl(), o.introspectionUrl(),
                o.clientId(), secret, o.scopes(), o.allowPrivateIp(), o.insecureAllowHttp(), tls,
                Duration.ofMillis(p.longValue("caravan.auth.http-timeout")), CLOCK_SKEW);
    }

    private static ApiKeys apiKeys(IncomingAuthConfig config, GatewayState s) {
        if (config.apiKeys().isEmpty()) {
            return ApiKeys.NONE;
        }
        return new ApiKeys(config.apiKeys().stream()
                .map(k -> new ApiKeys.Entry(k.subject(), k.hash(), k.hashSource(), k.claims())).toList(),
                ref -> s.secrets().value(ref));
    }

    private static void warnIfChanged(IncomingAuthConfig started, GatewayConfig applied) {
        if (!applied.incomingAuth().equals(started)) {
            org.slf4j.LoggerFactory.getLogger(IncomingAuthBeans.class).warn("The config's incomingAuth changed; it takes"
                    + " effect at the next start (clients keep being authenticated as at start)");
        }
    }
}
