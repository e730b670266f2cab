package routes.headers;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.backend.HeaderForward;
import routes.backend.OutboundRequest;
import routes.secrets.SecretRef;
import routes.secrets.SecretsProvider;

import java.util.Map;

/**
 * Pipeline step 2: adds the backend's configured headers. A header the protocol steps already set
 * (Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, traceparent) is kept: forwarding
 * must never break the protocol. Secret-backed values are read on every request, so a rotated
 * secret is used without a restart. Names were validated when the config was loaded.
 */
public final class HeaderForwardEnricher implements Processor {

    private final SecretsProvider secrets;

    public HeaderForwardEnricher(SecretsProvider secrets) {
        this.secrets = secrets;
    }

    @Override
    public void process(Exchange exchange) {
        OutboundRequest req = exchange.getProperty(OutboundRequest.PROPERTY, OutboundRequest.class);
        HeaderForward forward = req.backend().headerForward();
        Map<String, String> headers = req.headers();
        for (Map.Entry<String, String> h : forward.plaintext().entrySet()) {
            headers.putIfAbsent(h.getKey(), h.getValue());
        }
        for (Map.Entry<String, SecretRef> h : forward.fromSecret().entrySet()) {
            if (!headers.containsKey(h.getKey())) {
                headers.put(h.getKey(), SecretHeaderValue.resolve(secrets, req.backend(), h.getKey(), h.getValue()));
            }
        }
    }
}
