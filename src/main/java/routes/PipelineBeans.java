package routes;

import org.apache.camel.component.http.NoopCookieStore;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import routes.auth.IdentityPropagation;
import routes.backend.BackendHeaderFilter;
import routes.backend.BackendHttpCall;
import routes.backend.BackendHttpClientConfigurer;
import routes.backend.BackendHttpRequest;
import routes.backend.BackendResponseDecoder;
import routes.backend.CallDeadlines;
import routes.headers.HeaderForwardEnricher;
import routes.headers.PassthroughHeaderCapture;

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
        OutgoingAuthBeans.bind(camel, s, p);
        r.bind("backendHttpRequest", s.http());
        // one sweep for whole-call deadlines and for clients that went away, before or during the answer
        CallDeadlines deadlines = new CallDeadlines(camel.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(s.http(), "backend-deadline"));
        r.bind(BackendHttpRequest.CLIENT_CONFIGURER_BEAN, new BackendHttpClientConfigurer(deadlines));
        BackendHeaderFilter headers = new BackendHeaderFilter();
        r.bind(BackendHeaderFilter.BEAN, headers);
        r.bind("backendHttpCall", new BackendHttpCall(headers));
        r.bind("caravanNoCookies", new NoopCookieStore());
        r.bind("backendResponseDecoder", new BackendResponseDecoder(p.longValue("caravan.backend.max-response-bytes"), deadlines,
                p.longValue("caravan.backend.max-call-duration")));
    }
}
