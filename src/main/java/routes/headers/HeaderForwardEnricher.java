package routes.headers;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.FailureCategory;
import routes.kernel.HeaderForward;
import routes.kernel.Pipeline;
import routes.kernel.StepGate;
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
 *
 * <p>Then the client's passthrough headers ({@link Pipeline#PASSTHROUGH_HEADERS}, captured at the
 * front door for this request only), under the same rule. A backend that also sets one of them by
 * its own headerForward (a discovered one; static ones are refused at load) fails the call with an
 * error naming the header, as ToolHive does, rather than picking a value.
 */
public final class HeaderForwardEnricher implements Processor, StepGate.Step {

    private final SecretsProvider secrets;

    public HeaderForwardEnricher(SecretsProvider secrets) {
        this.secrets = secrets;
    }

    /** Only when the backend forwards headers or the client's request brought passthrough headers. */
    @Override
    public boolean hasWork(Exchange exchange) {
        BackendSpec backend = exchange.getProperty(Pipeline.BACKEND, BackendSpec.class);
        return backend == null || !backend.headerForward().isEmpty()
                || exchange.getProperty(Pipeline.PASSTHROUGH_HEADERS) != null;
    }

    @Override
    public void process(Exchange exchange) {
        BackendSpec backend = exchange.getProperty(Pipeline.BACKEND, BackendSpec.class);
        HeaderForward forward = backend.headerForward();
        @SuppressWarnings("unchecked")
        Map<String, String> passthrough = exchange.getProperty(Pipeline.PASSTHROUGH_HEADERS, Map.class);
        if (passthrough != null) {
            passThrough(exchange.getMessage().getHeaders(), backend, forward, passthrough);
        }
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

    private static void passThrough(Map<String, Object> headers, BackendSpec backend, HeaderForward forward,
                                    Map<String, String> passthrough) {
        for (Map.Entry<String, String> h : passthrough.entrySet()) {
            if (forward.plaintext().keySet().stream().anyMatch(h.getKey()::equalsIgnoreCase)
                    || forward.fromSecret().keySet().stream().anyMatch(h.getKey()::equalsIgnoreCase)) {
                String why = "cannot be called with passthrough header '" + h.getKey() + "': the backend's headerForward"
                        + " sets it too; remove it from one of them";
                throw new BackendException(backend.name(), FailureCategory.CONFIG, why, why, null);
            }
            headers.putIfAbsent(h.getKey(), h.getValue());
        }
    }
}
