package routes.demo;

import org.apache.camel.component.netty.http.NettyHttpHeaderFilterStrategy;

/**
 * netty-http's header filter, minus one entry: the stock filter drops an outgoing
 * {@code Cache-Control}, which SSE responses want ({@code no-cache}) so that proxies and caches
 * do not hold an event stream. It still drops {@code Camel*} headers in both directions, so a
 * client cannot set Camel control headers by sending them over HTTP.
 */
public class McpNettyHeaderFilter extends NettyHttpHeaderFilterStrategy {

    /** The netty-http endpoint option that installs this filter (a new instance per endpoint). */
    public static final String ENDPOINT_OPTION = "headerFilterStrategy=#class:" + McpNettyHeaderFilter.class.getName();

    @Override
    protected void initialize() {
        super.initialize();
        getOutFilter().remove("cache-control");
    }
}
