package routes.backend;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

import java.util.List;

/**
 * What the HTTP step never sends, whatever a pipeline step left on the message: Camel's own
 * headers ({@code Camel*}, {@code org.apache.camel.*}) and the transport's (Host, Content-Length,
 * Connection, Transfer-Encoding and the like, which the HTTP client sets), as camel-http's filter
 * does, plus the hop-by-hop and proxy headers that only a proxy may set. Matched by name prefix
 * and set lookup, not by regular expression: it runs for every header of every backend call.
 */
public final class BackendHeaderFilter extends HttpHeaderFilterStrategy {

    /** The registry name every backend endpoint refers to. */
    public static final String BEAN = "caravanBackendHeaderFilter";

    public BackendHeaderFilter() {
        getOutFilter().addAll(List.of("keep-alive", "proxy-authorization", "proxy-authenticate",
                "proxy-connection", "te"));
    }
}
