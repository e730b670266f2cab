package routes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.Registry;
import routes.auth.IssuedToken;
import routes.auth.OutgoingAuth;
import routes.auth.OutgoingTokens;
import routes.auth.TokenEndpointCall;
import routes.auth.TokenEndpointException;
import routes.auth.TokenRequest;
import routes.backend.BackendTls;
import routes.kernel.BackendSpec;

import javax.net.ssl.SSLContext;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The outgoing-auth step and what it fetches tokens with: the token-endpoint route's step and the token cache. */
final class OutgoingAuthBeans {

    private OutgoingAuthBeans() {
    }

    static void bind(CamelContext camel, GatewayState s, CaravanProperties p) {
        Registry r = camel.getRegistry();
        r.bind("tokenEndpointCall", new TokenEndpointCall(tokenTls(camel),
                Duration.ofMillis(p.longValue("caravan.token.connect-timeout")),
                Duration.ofMillis(p.longValue("caravan.token.response-timeout"))));
        r.bind("outgoingAuth", new OutgoingAuth(s.secrets(), new OutgoingTokens(counted(tokenEndpoint(camel), s.meters()),
                p.longValue("caravan.token.cache-size"))));
    }

    /** Counts token requests by backend, grant and outcome: a token endpoint that refuses shows up here. */
    private static Function<TokenRequest, IssuedToken> counted(Function<TokenRequest, IssuedToken> endpoint, MeterRegistry meters) {
        return request -> {
            String outcome = "failed";
            try {
                IssuedToken token = endpoint.apply(request);
                outcome = "issued";
                return token;
            } finally {
                Counter.builder("caravan.outgoing.token.requests").description("Token requests of outgoing auth")
                        .tag("backend", request.backend().name()).tag("grant", request.grant().replace(' ', '_'))
                        .tag("outcome", outcome).register(meters).increment();
            }
        };
    }

    /** Outgoing auth asks the token-endpoint route, so a user can replace how tokens are fetched. */
    private static Function<TokenRequest, IssuedToken> tokenEndpoint(CamelContext camel) {
        ProducerTemplate template = camel.createProducerTemplate();
        return request -> {
            IssuedToken token;
            try {
                token = template.requestBody("direct:token-endpoint", request, IssuedToken.class);
            } catch (CamelExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            if (token == null) {
                throw new TokenEndpointException("no token was fetched", "the token-endpoint route left no"
                        + " routes.auth.IssuedToken as its body (is it replaced?)", null);
            }
            return token;
        };
    }

    /** A token endpoint trusts the system's CAs and its backend's bundle: one TLS context per bundle. */
    private static Function<BackendSpec, SSLContext> tokenTls(CamelContext camel) {
        Map<List<X509Certificate>, SSLContext> contexts = new ConcurrentHashMap<>();
        return spec -> {
            List<X509Certificate> bundle;
            try {
                bundle = BackendTls.bundleOf(spec);
            } catch (BackendTls.BundleException e) {
                throw new TokenEndpointException("its CA bundle cannot be read", "CA bundle: " + e.getMessage(), e);
            }
            return bundle.isEmpty() ? null : contexts.computeIfAbsent(bundle, b -> {
                try {
                    return BackendTls.contextParameters(b).createSSLContext(camel);
                } catch (Exception e) {
                    throw new TokenEndpointException("TLS cannot be set up", "TLS: " + e.getMessage(), e);
                }
            });
        };
    }
}
