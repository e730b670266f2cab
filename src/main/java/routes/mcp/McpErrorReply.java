package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.kernel.BackendException;
import routes.kernel.BackendRpcException;
import routes.kernel.FailureCategory;
import routes.protocol.JsonRpc;

/**
 * Turns a failure while handling one message into its JSON-RPC error reply. Known failures keep
 * their code and message; anything else is logged and answered as an internal error without
 * internals, so a client can never see a stack trace or crash the gateway.
 */
public final class McpErrorReply implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(McpErrorReply.class);

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        JsonNode msg = exchange.getMessage().getBody(JsonNode.class);
        JsonNode id = msg == null ? null : msg.get("id");
        if (msg != null && !msg.has("id")) {
            // a notification gets no answer, not even an error
            exchange.getMessage().setBody(null);
            return;
        }
        exchange.getMessage().setBody(toError(id, failure));
    }

    static JsonNode toError(JsonNode id, Throwable failure) {
        if (failure instanceof McpException e) {
            return e.data() == null ? JsonRpc.error(id, e.code(), e.getMessage()) : JsonRpc.error(id, e.code(), e.getMessage(), e.data());
        }
        if (failure instanceof BackendRpcException e) {
            return JsonRpc.error(id, e.code(), e.getMessage(), e.data());
        }
        if (failure instanceof BackendException e) {
            // the client learns which backend and what happened; where (URL, host, file) stays in the log
            if (e.category() == FailureCategory.UNAVAILABLE) {
                // withheld or over a limit: said once where it started, not again for every call
                LOG.debug("A call was not sent: {}", e.getMessage());
            } else {
                LOG.warn("A call failed: {}", e.getMessage());
            }
            return JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, e.clientMessage());
        }
        LOG.error("Unexpected failure handling an MCP message", failure);
        return JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "Internal error");
    }
}
