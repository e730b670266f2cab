package routes.backend;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpMethods;

import org.apache.camel.spi.Registry;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns the {@link OutboundRequest} into the message the camel-http producer sends. It starts from
 * an empty header set, so nothing of the client's request (Authorization, cookies, X-Forwarded-*,
 * User-Agent) and no internal header can reach a backend by accident. It also names the HTTP
 * endpoint for the backend: one endpoint, and so one connection pool, per backend spec, shared by
 * every session and removed with its pool when the spec is no longer in use ({@link #retainOnly}).
 * An https backend's endpoint gets its own TLS settings ({@link BackendTls}), bound in the registry
 * under a name of its own, so a changed bundle makes a new endpoint; every endpoint follows
 * redirects by {@link SameOriginRedirects}.
 *
 * <p>Reads exchange property {@link OutboundRequest#PROPERTY}; leaves {@link #ENDPOINT_PROPERTY}.
 */
public final class BackendHttpRequest implements Processor {

    public static final String ENDPOINT_PROPERTY = "caravanHttpEndpoint";
    /** The registry name of the {@link SameOriginRedirects} every backend endpoint uses. */
    public static final String REDIRECTS_BEAN = "caravanSameOriginRedirects";

    private static final String TLS_BEAN_PREFIX = "caravanBackendTls-";
    private static final Logger LOG = LoggerFactory.getLogger(BackendHttpRequest.class);

    /** A backend's endpoint and the registry name of its TLS settings (null for http). */
    private record BackendEndpoint(String uri, Endpoint endpoint, String tlsBean) {
    }

    private final long connectTimeoutMillis;
    private final CamelContext camel;
    private final Registry registry;
    private final Map<BackendSpec, BackendEndpoint> endpoints = new ConcurrentHashMap<>();
    private final AtomicLong tlsBeans = new AtomicLong();
    private final AtomicLong generations = new AtomicLong();
    private final ScheduledExecutorService release;
    /** The specs in use as of the last {@link #retainOnly}. */
    private volatile Set<BackendSpec> inUse = Set.of();

    public BackendHttpRequest(long connectTimeoutMillis, CamelContext camel) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.camel = camel;
        this.registry = camel.getRegistry();
        this.release = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "backend-endpoint-release");
    }

    @Override
    public void process(Exchange exchange) {
        OutboundRequest req = exchange.getProperty(OutboundRequest.PROPERTY, OutboundRequest.class);
        Message msg = exchange.getMessage();
        msg.getHeaders().clear();
        msg.getHeaders().putAll(req.headers());
        // the enum, not a string: a string goes through the type converter on every call
        msg.setHeader(Exchange.HTTP_METHOD, switch (req.method()) {
            case POST -> HttpMethods.POST;
            case GET -> HttpMethods.GET;
            case DELETE -> HttpMethods.DELETE;
        });
        msg.setHeader(Exchange.HTTP_URI, req.target().toString());
        msg.setBody(req.body());
        // the endpoint itself, not its URI: toD then skips parsing and normalizing the URI on every call
        exchange.setProperty(ENDPOINT_PROPERTY, endpoints.computeIfAbsent(req.backend(), this::endpoint).endpoint());
    }

    /** The endpoint URI in use for this spec, as written (for tests), or null. */
    String endpointUri(BackendSpec spec) {
        BackendEndpoint e = endpoints.get(spec);
        return e == null ? null : e.uri();
    }

    /**
     * Forgets the endpoints of specs no longer in use, so a config change builds fresh ones, and
     * removes each from Camel with its connection pool once no request can still be waiting on it:
     * every wait of a request (pool, connect, each read) is bounded by the spec's timeout. Give it
     * every spec in use, after each change of that set.
     */
    public void retainOnly(Collection<BackendSpec> live) {
        Set<BackendSpec> keep = Set.copyOf(live);
        inUse = keep;
        retire(keep);
    }

    private void retire(Set<BackendSpec> keep) {
        for (Map.Entry<BackendSpec, BackendEndpoint> e : endpoints.entrySet()) {
            BackendEndpoint old = e.getValue();
            if (keep.contains(e.getKey()) || !endpoints.remove(e.getKey(), old)) {
                continue;
            }
            if (old.tlsBean() != null) {
                // camel-http read the settings when it made the endpoint; the name is no longer needed
                registry.unbind(old.tlsBean());
            }
            release.schedule(() -> {
                remove(old.endpoint());
                // a request that was under way when its spec was retired may have made it an endpoint again
                retire(inUse);
            }, e.getKey().timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Stops the endpoint, which closes its HttpClient and connection pool, and the producer toD
     * made for it. toD's producer cache still holds that producer under the endpoint's URI, but no
     * later endpoint has that URI (see {@link #endpoint}), so it is never handed out again and the
     * cache evicts it in time.
     */
    private void remove(Endpoint endpoint) {
        try {
            camel.removeEndpoint(endpoint);
            for (Producer producer : camel.hasServices(Producer.class)) {
                if (producer.getEndpoint() == endpoint) {
                    ServiceHelper.stopService(producer);
                    camel.removeService(producer);
                }
            }
        } catch (Exception e) {
            LOG.warn("Could not remove the HTTP endpoint of a retired backend config: {}", e.toString());
        }
    }

    private BackendEndpoint endpoint(BackendSpec spec) {
        URI url = spec.url();
        long timeout = spec.timeout().toMillis();
        String origin = url.getScheme() + "://" + url.getRawAuthority();
        // the path is never sent (each message sets its URI); it makes every endpoint's URI unique, see #remove
        StringBuilder uri = new StringBuilder(origin).append("/caravan-").append(generations.incrementAndGet())
                .append("?throwExceptionOnFailure=false")
                // the decoder reads the body as it streams (SSE) and closes it
                .append("&disableStreamCache=true")
                .append("&followRedirects=true")
                .append("&httpClientConfigurer=#").append(REDIRECTS_BEAN)
                .append("&cookieStore=#caravanNoCookies")
                .append("&connectTimeout=").append(Math.min(timeout, connectTimeoutMillis))
                .append("&connectionRequestTimeout=").append(timeout)
                .append("&responseTimeout=").append(timeout);
        String tlsBean = null;
        // only for https: camel-http turns an http endpoint with TLS settings into an https one
        if ("https".equalsIgnoreCase(url.getScheme())) {
            SSLContextParameters tls;
            try {
                tls = BackendTls.contextParameters(BackendTls.bundleOf(spec));
            } catch (BackendTls.BundleException e) {
                // checked when the config was loaded; the file has changed since
                String field = spec.caBundlePath() != null ? "caBundlePath '" + spec.caBundlePath() + "'" : "caBundleData";
                throw new BackendException(spec.name(), "has an unusable CA bundle: " + field + " " + e.getMessage());
            }
            tlsBean = TLS_BEAN_PREFIX + tlsBeans.incrementAndGet();
            registry.bind(tlsBean, SSLContextParameters.class, tls);
            uri.append("&sslContextParameters=#").append(tlsBean);
        }
        return new BackendEndpoint(uri.toString(), camel.getEndpoint(uri.toString()), tlsBean);
    }
}
