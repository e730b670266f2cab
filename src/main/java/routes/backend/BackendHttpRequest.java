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
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.FailureCategory;

import java.net.URI;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP step's first half: names the HTTP endpoint for the backend, whose client
 * {@link BackendHttpCall} sends on, and sets the method and target of the {@link OutboundRequest}
 * as camel-http's headers, for an override of route backend-http that sends with camel-http's
 * producer ({@code toD} to the endpoint). The headers sent are the Camel headers the pipeline left:
 * the exchange began with none of the client's, and Camel's own are dropped by
 * {@link BackendHeaderFilter}. One endpoint, and
 * so one connection pool, per backend spec, shared by every session and removed with its pool
 * when the spec is no longer in use ({@link #retainOnly}). An https backend's endpoint gets its
 * own TLS settings ({@link BackendTls}), bound in the registry under a name of its own, so a
 * changed bundle (a new spec, or new content in its file) makes a new endpoint; every endpoint
 * follows only same-origin redirects and resends once on a stale pooled connection
 * ({@link BackendHttpClientConfigurer}).
 *
 * <p>Reads exchange property {@link OutboundRequest#PROPERTY}; leaves {@link #ENDPOINT_PROPERTY}.
 */
public final class BackendHttpRequest implements Processor {

    public static final String ENDPOINT_PROPERTY = "caravanHttpEndpoint";
    /** The registry name of the {@link BackendHttpClientConfigurer} every backend endpoint uses. */
    public static final String CLIENT_CONFIGURER_BEAN = "caravanBackendHttpClient";

    private static final String TLS_BEAN_PREFIX = "caravanBackendTls-";
    private static final Logger LOG = LoggerFactory.getLogger(BackendHttpRequest.class);

    /**
     * A backend's endpoint, the registry name of its TLS settings (null for http), and the
     * version of the CA bundle file it trusts (-1: none, or the bundle is inline).
     */
    private record BackendEndpoint(String uri, Endpoint endpoint, String tlsBean, long bundleVersion) {
    }

    private final long connectTimeoutMillis;
    private final CamelContext camel;
    private final Registry registry;
    private final Map<BackendSpec, BackendEndpoint> endpoints = new ConcurrentHashMap<>();
    private final AtomicLong tlsBeans = new AtomicLong();
    private final CaBundleWatcher caBundles = new CaBundleWatcher();
    private final AtomicLong generations = new AtomicLong();
    private final ScheduledExecutorService release;
    /** The specs in use as of the last {@link #retainOnly}. */
    private volatile Set<BackendSpec> inUse = Set.of();

    public BackendHttpRequest(long connectTimeoutMillis, CamelContext camel) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.camel = camel;
        this.registry = camel.getRegistry();
        this.release = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "backend-endpoint-release");
        // a burst of calls leaves as many pooled connections behind; they go once idle for a while
        release.scheduleWithFixedDelay(this::closeIdleConnections, IdleConnectionCheck.IDLE_SWEEP_SECONDS,
                IdleConnectionCheck.IDLE_SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    private void closeIdleConnections() {
        for (BackendEndpoint e : endpoints.values()) {
            IdleConnectionCheck.closeIdle(e.endpoint());
        }
    }

    @Override
    public void process(Exchange exchange) {
        OutboundRequest req = exchange.getProperty(OutboundRequest.PROPERTY, OutboundRequest.class);
        Message msg = exchange.getMessage();
        // the enum, not a string: a string goes through the type converter on every call
        msg.setHeader(Exchange.HTTP_METHOD, switch (req.method()) {
            case POST -> HttpMethods.POST;
            case GET -> HttpMethods.GET;
            case DELETE -> HttpMethods.DELETE;
        });
        msg.setHeader(Exchange.HTTP_URI, req.target().toString());
        // the endpoint itself, not its URI: a toD to it skips parsing and normalizing the URI on every call
        exchange.setProperty(ENDPOINT_PROPERTY, endpointFor(req.backend()));
        // the HTTP client sends it next, on this thread: a client's cancel can then abort it before its answer starts
        CancellableExchanges.next(req);
    }

    /** The spec's endpoint; a new one once its CA bundle file holds new certificates. */
    private Endpoint endpointFor(BackendSpec spec) {
        BackendEndpoint e = endpoints.computeIfAbsent(spec, this::endpoint);
        if (e.bundleVersion() >= 0 && bundle(spec).version() != e.bundleVersion()) {
            e = endpoints.compute(spec, (s, old) -> {
                if (old != null && old.bundleVersion() == bundle(s).version()) {
                    return old;
                }
                // a new URI, so a new pool: pooled connections trusted the old bundle
                BackendEndpoint fresh = endpoint(s);
                if (old != null) {
                    release(old, s, false);
                }
                return fresh;
            });
        }
        return e.endpoint();
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
            release(old, e.getKey(), true);
        }
    }

    /**
     * Lets an endpoint go that no new request will get: its TLS settings' name at once (camel-http
     * read them when it made the endpoint), the endpoint and its pool once the requests that may
     * still use it have ended (each wait is bounded by the spec's timeout).
     *
     * @param sweep also retire what a request under way re-created for a spec no longer in use
     */
    private void release(BackendEndpoint old, BackendSpec spec, boolean sweep) {
        if (old.tlsBean() != null) {
            registry.unbind(old.tlsBean());
        }
        release.schedule(() -> {
            remove(old.endpoint());
            if (sweep) {
                retire(inUse);
            }
        }, spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
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
                .append("&httpClientConfigurer=#").append(CLIENT_CONFIGURER_BEAN)
                .append("&cookieStore=#caravanNoCookies")
                .append("&headerFilterStrategy=#").append(BackendHeaderFilter.BEAN)
                // the answer carries the backend's headers only, never the request's (a session id
                // the backend did not send must not appear to come from it)
                .append("&copyHeaders=false")
                .append("&connectTimeout=").append(Math.min(timeout, connectTimeoutMillis))
                .append("&connectionRequestTimeout=").append(timeout)
                .append("&responseTimeout=").append(timeout);
        String tlsBean = null;
        long bundleVersion = -1;
        // only for https: camel-http turns an http endpoint with TLS settings into an https one
        if ("https".equalsIgnoreCase(url.getScheme())) {
            CaBundleWatcher.Bundle bundle = bundle(spec);
            SSLContextParameters tls = BackendTls.contextParameters(bundle.certificates());
            bundleVersion = bundle.version();
            tlsBean = TLS_BEAN_PREFIX + tlsBeans.incrementAndGet();
            registry.bind(tlsBean, SSLContextParameters.class, tls);
            uri.append("&sslContextParameters=#").append(tlsBean);
        }
        Endpoint endpoint = camel.getEndpoint(uri.toString());
        IdleConnectionCheck.apply(endpoint);
        return new BackendEndpoint(uri.toString(), endpoint, tlsBean, bundleVersion);
    }

    /** The spec's CA bundle: the file's current certificates, or the inline ones (version -1). */
    private CaBundleWatcher.Bundle bundle(BackendSpec spec) {
        try {
            return spec.caBundlePath() != null ? caBundles.bundle(spec.caBundlePath())
                    : new CaBundleWatcher.Bundle(-1, BackendTls.bundleOf(spec));
        } catch (BackendTls.BundleException e) {
            // checked when the config was loaded; the file has changed since
            String field = spec.caBundlePath() != null ? "caBundlePath '" + spec.caBundlePath() + "'" : "caBundleData";
            throw new BackendException(spec.name(), FailureCategory.TLS, "has an unusable CA bundle",
                    "has an unusable CA bundle: " + field + " " + e.getMessage(), e);
        }
    }
}
