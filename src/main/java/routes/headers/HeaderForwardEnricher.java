package routes.headers;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.backend.OutboundRequest;

import java.util.Map;

/**
 * Pipeline step 2: adds the backend's configured headers. A header the protocol steps already set
 * (Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, traceparent) is kept: forwarding
 * must never break the protocol. Names were validated when the config was loaded.
 */
public final class HeaderForwardEnricher implements Processor {

    @Override
    public void process(Exchange exchange) {
        OutboundRequest req = exchange.getProperty(OutboundRequest.PROPERTY, OutboundRequest.class);
        for (Map.Entry<String, String> h : req.backend().forwardHeaders().entrySet()) {
            req.headers().putIfAbsent(h.getKey(), h.getValue());
        }
    }
}
