package routes.backend;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpMethods;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the {@link OutboundRequest} into the message the camel-http producer sends. It starts from
 * an empty header set, so nothing of the client's request (Authorization, cookies, X-Forwarded-*,
 * User-Agent) and no internal header can reach a backend by accident. It also names the HTTP
 * endpoint for the backend: one endpoint, and so one connection pool, per backend origin and
 * timeout, shared by every session.
 *
 * <p>Reads exchange property {@link OutboundRequest#PROPERTY}; leaves {@link #ENDPOINT_PROPERTY}.
 */
public final class BackendHttpRequest implements Processor {

    public static final String ENDPOINT_PROPERTY = "caravanHttpEndpoint";

    private final long connectTimeoutMillis;
    private final Map<BackendSpec, String> endpointUris = new ConcurrentHashMap<>();

    public BackendHttpRequest(long connectTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
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
        exchange.setProperty(ENDPOINT_PROPERTY, endpointUris.computeIfAbsent(req.backend(), this::endpointUri));
    }

    /** Forgets endpoint URIs of specs no longer in use, so a config change builds fresh ones. */
    public void retainOnly(java.util.Collection<BackendSpec> live) {
        endpointUris.keySet().retainAll(new java.util.HashSet<>(live));
    }

    private String endpointUri(BackendSpec spec) {
        URI url = spec.url();
        long timeout = spec.timeout().toMillis();
        String origin = url.getScheme() + "://" + url.getRawAuthority();
        StringBuilder uri = new StringBuilder(origin)
                .append("?throwExceptionOnFailure=false")
                // the decoder reads the body as it streams (SSE) and closes it
                .append("&disableStreamCache=true")
                .append("&followRedirects=false")
                .append("&cookieStore=#caravanNoCookies")
                .append("&connectTimeout=").append(Math.min(timeout, connectTimeoutMillis))
                .append("&connectionRequestTimeout=").append(timeout)
                .append("&responseTimeout=").append(timeout);
        return uri.toString();
    }
}
