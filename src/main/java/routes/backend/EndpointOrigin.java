package routes.backend;

import java.net.URI;

/**
 * The origin rule for a legacy SSE message endpoint: the POSTs carry the backend's forwarded
 * headers and credentials, so they may only go where the event stream came from (scheme, host
 * and port, default ports made explicit).
 */
final class EndpointOrigin {

    private EndpointOrigin() {
    }

    static boolean same(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    /** {@code scheme://host:port}, for error messages (no path or query: those may hold a session id). */
    static String of(URI u) {
        return u.getScheme() + "://" + u.getHost() + ":" + port(u);
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
