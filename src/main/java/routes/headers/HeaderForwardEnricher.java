package routes.headers;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import routes.kernel.BackendSpec;
import routes.kernel.HeaderForward;
import routes.kernel.Pipeline;
import routes.secrets.SecretRef;
import routes.secrets.SecretsProvider;

import java.util.Map;

/**
 * Pipeline step 2: adds the backend's ({@link Pipeline#BACKEND}) configured headers to the message.
 * A header already on the message (the protocol's Content-Type, Accept, Mcp-Session-Id,
 * MCP-Protocol-Version, the trace headers, or one an earlier step set) is kept: forwarding must
 * never break the protocol. Camel's header map ignores case, so "x-api-key" and "X-Api-Key" are
 * one header. Secret-backed values are read on every request, so a rotated secret is used without
 * a restart. Names were validated when the config was loaded.
 */
public final class HeaderForwardEnricher implements Processor {

    private final SecretsProvider secrets;

    public HeaderForwardEnricher(SecretsProvider secrets) {
        this.secrets = secrets;
    }

    @Override
    public void process(Exchange exchange) {
        BackendSpec backend = exchange.getProperty(Pipeline.BACKEND, BackendSpec.class);
        HeaderForward forward = backend.headerForward();
        if (forward.isEmpty()) {
            return;
        }
        Message msg = exchange.getMessage();
        Map<String, Object> headers = msg.getHeaders();
        for (Map.Entry<String, String> h : forward.plaintext().entrySet()) {
            headers.putIfAbsent(h.getKey(), h.getValue());
        }
        for (Map.Entry<String, SecretRef> h : forward.fromSecret().entrySet()) {
            if (!headers.containsKey(h.getKey())) {
                headers.put(h.getKey(), SecretHeaderValue.resolve(secrets, backend, h.getKey(), h.getValue()));
            }
        }
    }
}
