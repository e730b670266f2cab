package routes.backend;

import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.protocol.RedirectStrategy;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.protocol.HttpContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The redirect rule for backends (ToolHive's SameHostRedirectPolicy, stricter): at most
 * {@link #MAX_REDIRECTS}, only to the same scheme, host and port, so never https to http and
 * never to a host the config did not name. A POST is followed only on 307 and 308, which keep the
 * method and body; a 301, 302 or 303 would turn a JSON-RPC POST into a GET. Anything else fails
 * the request with {@link Refused}, whose message names the refused Location.
 *
 * <p>Installed on each backend's HTTP client by {@link BackendHttpClientConfigurer}.
 */
public final class SameOriginRedirects implements RedirectStrategy {

    public static final int MAX_REDIRECTS = 10;

    /** A redirect the gateway will not follow; the message is for the user. */
    public static final class Refused extends ProtocolException {
        Refused(String message) {
            super(message);
        }
    }

    @Override
    public boolean isRedirected(HttpRequest request, HttpResponse response, HttpContext context) throws HttpException {
        return DefaultRedirectStrategy.INSTANCE.isRedirected(request, response, context);
    }

    @Override
    public URI getLocationURI(HttpRequest request, HttpResponse response, HttpContext context) throws HttpException {
        URI from;
        try {
            from = request.getUri();
        } catch (URISyntaxException e) {
            throw new ProtocolException("request URI is not valid: " + e.getMessage());
        }
        URI location = DefaultRedirectStrategy.INSTANCE.getLocationURI(request, response, context);
        int followed = HttpClientContext.castOrCreate(context).getRedirectLocations().size();
        String refusal = refusal(request.getMethod(), response.getCode(), from, location, followed);
        if (refusal != null) {
            throw new Refused(refusal);
        }
        return location;
    }

    /**
     * Why a redirect must not be followed, or null when it may be.
     *
     * @param method   the HTTP method of the request that was redirected
     * @param status   the 3xx status
     * @param from     the absolute URI that answered with the redirect
     * @param location the absolute Location it pointed to
     * @param followed how many redirects this request has followed already
     */
    public static String refusal(String method, int status, URI from, URI location, int followed) {
        String target = "'" + location + "'";
        if (followed >= MAX_REDIRECTS) {
            return "redirected more than " + MAX_REDIRECTS + " times (last to " + target + ")";
        }
        boolean changesMethod = (status == 303 && !method.equals("GET") && !method.equals("HEAD"))
                || ((status == 301 || status == 302) && method.equals("POST"));
        if (changesMethod) {
            return "answered " + method + " with HTTP " + status + " to " + target
                    + ", which would turn it into a GET; only 307 and 308 redirects are followed for " + method;
        }
        String fromScheme = lower(from.getScheme());
        String toScheme = lower(location.getScheme());
        if (fromScheme.equals("https") && toScheme.equals("http")) {
            return "was redirected from https to http at " + target + "; a downgrade to plain HTTP is never followed";
        }
        if (!fromScheme.equals(toScheme) || !lower(from.getHost()).equals(lower(location.getHost()))
                || port(from) != port(location)) {
            return "was redirected to " + target + ", which is not the same scheme, host and port as "
                    + fromScheme + "://" + from.getRawAuthority() + "; only same-origin redirects are followed";
        }
        return null;
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equals(lower(uri.getScheme())) ? 443 : 80;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
