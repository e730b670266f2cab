package routes.kamelets;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/**
 * The step behind {@code mcp-header-forward-action}: adds fixed headers, as the gateway's
 * header-forward step does with {@code addPlaintextHeaders}. A header already on the message is
 * kept (forwarding never overrides what an earlier step or the protocol set); restricted names
 * are refused when the Kamelet is created.
 */
public final class ForwardedHeaders implements Processor {

    private Map<String, String> headers = Map.of();

    /** {@code Name=value} pairs, comma-separated. */
    public void setHeaders(String pairs) {
        this.headers = KameletProperties.headerPairs("headers", pairs);
    }

    @Override
    public void process(Exchange exchange) {
        Map<String, Object> on = exchange.getMessage().getHeaders();
        headers.forEach(on::putIfAbsent);
    }

    @Override
    public String toString() {
        return "ForwardedHeaders" + headers.keySet();
    }
}
