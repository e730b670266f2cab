package routes;

import org.apache.camel.component.http.NoopCookieStore;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import routes.auth.IdentityPropagation;
import routes.auth.IssuedToken;
import routes.auth.OutgoingAuth;
import routes.auth.OutgoingTokens;
import routes.auth.TokenEndpointCall;
import routes.auth.TokenEndpointException;
import routes.auth.TokenRequest;
import routes.backend.BackendTls;
import routes.backend.BackendHeaderFilter;
import routes.backend.BackendHttpClientConfigurer;
import routes.backend.BackendHttpRequest;
import routes.backend.BackendResponseDecoder;
import routes.backend.CallDeadlines;
import routes.headers.HeaderForwardEnricher;
import routes.headers.PassthroughHeaderCapture;
import routes.kernel.BackendSpec;

import javax.net.ssl.SSLContext;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

/** The steps of the outbound pipeline (backend-request and the routes it calls) and the backend clients. */
final class PipelineBeans {

    private PipelineBeans() {
    }

    static void bind(CamelContext camel, GatewayState s, CaravanProperties p) {
        Registry r = camel.getRegistry();
        r.bind("backendClient", s.client());
        r.bind("healthProbeClient", s.probeClient());
        r.bind("secrets", s.secrets());
        r.bind("identityPropagation", new IdentityPropagation());
        r.bind("headerForwardEnricher", new HeaderForwardEnricher(s.secrets()));
        r.bind("passthroughHeaderCapture", new PassthroughHeaderCapture());
        r.bind("tokenEndpointCall", new TokenEndpointCall(tokenTls(camel), Duration.ofMillis(p.longValue("caravan.token.connect-timeout")),
                Duration.ofMillis(p.longValue("caravan.token.response-timeout"))));
        r.bind("outgoingAuth", new OutgoingAuth(s.secrets(), new OutgoingTokens(tokenEndpoint(camel),
                p.longValue("caravan.token.cache-size"))));
        r.bind("backendHttpRequest", s.http());
        // one sweep for whole-call deadlines and for clients that went away, before or during the answer
        CallDeadlines deadlines = new CallDeadlines(camel.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(s.http(), "backend-deadline"));
        r.bind(BackendHttpRequest.CLIENT_CONFIGURER_BEAN, new BackendHttpClientConfigurer(deadlines));
        r.bind(BackendHeaderFilter.BEAN, new BackendHeaderFilter());
        r.bind("caravanNoCookies", new NoopCookieStore());
        r.bind("backendResponseDecoder", new BackendResponseDecoder(p.longValue("caravan.backend.max-response-bytes"), deadlines,
                p.longValue("caravan.backend.max-call-duration")));
    }

    /** Outgoing auth asks the token-endpoint route, so a user can replace how tokens are fetched. */
    private static java.util.function.Function<TokenRequest, IssuedToken> tokenEndpoint(CamelContext camel) {
        ProducerTemplate template = camel.createProducerTemplate();
        return request -> {
            try {
                return template.requestBody("direct:token-endpoint", request, IssuedToken.class);
            } catch (CamelExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        };
    }

    /** A token endpoint trusts the system's CAs and its backend's bundle: one TLS context per bundle. */
    private static java.util.function.Function<BackendSpec, SSLContext> tokenTls(CamelContext camel) {
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
