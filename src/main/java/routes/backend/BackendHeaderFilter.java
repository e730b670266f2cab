package routes.backend;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the HTTP step never sends, whatever a pipeline step left on the message: Camel's own
 * headers ({@code Camel*}, {@code org.apache.camel.*}) and the transport's (Host, Content-Length,
 * Connection, Transfer-Encoding and the like, which the HTTP client sets), as camel-http's filter
 * does, plus the hop-by-hop and proxy headers that only a proxy may set. Matched by name prefix
 * and set lookup, not by regular expression: it runs for every header of every backend call.
 *
 * <p>Of a backend's answer only what the gateway reads becomes a Camel header (the content type,
 * the session id, Retry-After and WWW-Authenticate); every other response header would be one
 * more entry in a case-insensitive map per call, read by no one.
 */
public final class BackendHeaderFilter extends HttpHeaderFilterStrategy {

    /** The registry name every backend endpoint refers to. */
    public static final String BEAN = "caravanBackendHeaderFilter";

    /** Case-insensitive, so a lookup needs no lower-cased copy of each header name. */
    private static final Set<String> READ_FROM_RESPONSES = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        READ_FROM_RESPONSES.addAll(List.of("Content-Type", "Mcp-Session-Id", "Retry-After", "WWW-Authenticate"));
    }

    /** Names whose rule is decided; bounded in case a step invents header names per call. */
    private static final int MAX_DECIDED = 1024;
    private final Map<String, Boolean> decided = new ConcurrentHashMap<>();

    public BackendHeaderFilter() {
        getOutFilter().addAll(List.of("keep-alive", "proxy-authorization", "proxy-authenticate",
                "proxy-connection", "te"));
        // Camel 4's own list stops at Camel*/camel*
        setOutFilterStartsWith("Camel", "camel", "org.apache.camel.");
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !read(headerName);
    }

    /** Whether a response header of this name becomes a Camel header (the gateway reads it). */
    static boolean read(String headerName) {
        return READ_FROM_RESPONSES.contains(headerName);
    }

    /**
     * Whether a message header of this name is sent to the backend: the outbound rules above, which
     * look at the name only, decided once per name (the names are the protocol's and the config's).
     */
    boolean sends(String headerName) {
        Boolean sent = decided.get(headerName);
        if (sent == null) {
            sent = !applyFilterToCamelHeaders(headerName, "", null);
            if (decided.size() < MAX_DECIDED) {
                decided.put(headerName, sent);
            }
        }
        return sent;
    }
}
