package routes.backend;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.apache.hc.client5.http.RedirectException;
import routes.kernel.BackendException;
import routes.kernel.BackendRpcException;
import routes.kernel.BackendSpec;
import routes.kernel.FailureCategory;
import routes.kernel.PassthroughHeaders;
import routes.kernel.Pipeline;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Sends an {@link OutboundRequest} into the {@code backend-request} route and turns what the
 * pipeline did into a reply or a {@link BackendException} that a user can act on. The exchange is
 * a new one, so nothing of a client's request is on it; it carries the {@link Pipeline} contract:
 * the protocol headers as Camel headers, the JSON-RPC message as the body, and the backend, the
 * caller and the purpose as exchange properties.
 */
public final class PipelineSender implements OutboundSender {

    private final CamelContext camel;
    private final ProducerTemplate template;
    private final Endpoint pipeline;

    public PipelineSender(CamelContext camel, String pipelineUri) {
        this.camel = camel;
        this.template = camel.createProducerTemplate();
        this.pipeline = camel.getEndpoint(pipelineUri);
    }

    @Override
    public BackendReply send(OutboundRequest request) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(OutboundRequest.PROPERTY, request);
        exchange.setProperty(Pipeline.BACKEND, request.backend());
        exchange.setProperty(Pipeline.CALLER, request.caller());
        exchange.setProperty(Pipeline.PURPOSE, request.purpose().wireName());
        if (request.rpcMethod() != null) {
            exchange.setProperty(Pipeline.RPC_METHOD, request.rpcMethod());
        }
        Map<String, String> passthrough = PassthroughHeaders.current();
        if (passthrough != null && !request.caller().isGateway()) {
            exchange.setProperty(Pipeline.PASSTHROUGH_HEADERS, passthrough);
        }
        Message message = exchange.getMessage();
        message.getHeaders().putAll(request.headers());
        message.setBody(request.body());
        Exchange done = template.send(pipeline, exchange);
        Exception failure = done.getException();
        if (failure != null) {
            throw translate(request.backend(), failure);
        }
        BackendReply reply = done.getMessage().getBody(BackendReply.class);
        if (reply == null) {
            throw new BackendException(request.backend().name(), "request produced no reply (is a pipeline route replaced?)");
        }
        return reply;
    }

    static RuntimeException translate(BackendSpec backend, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BackendException be) {
                return be;
            }
            if (t instanceof BackendRpcException re) {
                return re;
            }
        }
        String name = backend.name();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new BackendException(name, FailureCategory.CONNECTION, FailureCategory.CONNECTION.clientText(),
                        "is unreachable at " + backend.url() + " (connection refused)", t);
            }
            if (t instanceof SocketTimeoutException
                    || t.getClass().getName().endsWith("ConnectionRequestTimeoutException")) {
                String within = "did not answer within " + backend.timeout().toMillis() + " ms";
                return new BackendException(name, FailureCategory.TIMEOUT, within, within, t);
            }
            if (t instanceof UnknownHostException) {
                return new BackendException(name, FailureCategory.DNS, FailureCategory.DNS.clientText(),
                        "host " + backend.url().getHost() + " is unknown", t);
            }
            if (t instanceof SSLException ssl) {
                // what to fix (trust, expiry, host name) helps a client too; only the host stays in the log
                return new BackendException(name, FailureCategory.TLS, "TLS failed: " + TlsFailure.reason(backend, ssl, false),
                        "TLS failed: " + TlsFailure.reason(backend, ssl, true), t);
            }
            if (t instanceof SameOriginRedirects.Refused) {
                return new BackendException(name, FailureCategory.PROTOCOL, "answered with a redirect the gateway does not follow",
                        t.getMessage(), t);
            }
            if (t instanceof RedirectException) {
                // HttpClient's own redirect checks (a circular redirect)
                return new BackendException(name, FailureCategory.PROTOCOL, "answered with a redirect that cannot be followed",
                        "redirect failed: " + t.getMessage(), t);
            }
        }
        return new BackendException(name, FailureCategory.UNKNOWN, "could not be called (" + failure.getClass().getSimpleName() + ")",
                "request failed: " + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage()), failure);
    }
}
