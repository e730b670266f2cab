package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.backend.BackendClient;
import routes.backend.Cancellation;
import routes.catalog.CatalogRefresh;
import routes.health.HealthState;
import routes.kernel.BackendException;
import routes.kernel.BackendRpcException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.PassthroughHeaders;
import routes.kernel.FailureCategory;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Calls the target backend through the outbound pipeline and turns its answer into the client's
 * reply, in the client session's own backend session (opened on its first call to this backend).
 * Messages the backend streams while answering go on this request's SSE stream, in order
 * (progress, and logging at or above the session's level); list_changed from a backend triggers a
 * catalog refresh instead, since the gateway announces its own aggregated lists; a request the
 * backend sends (sampling, elicitation, roots) is relayed to the client ({@link ServerRequestRelay}).
 * The client may cancel the call (notifications/cancelled) or go away: the wait ends at once and
 * the backend is told. A backend that fails a tools/call yields a tool error result naming the
 * backend, not a protocol error. A backend the health state withholds is not called; the error
 * names it and its status. Every call's outcome feeds the backend's circuit breaker. A 2026-07-28
 * client's call is parkable ({@link ParkedCalls}): a backend's request for input reaches it as an
 * input_required result, and its retry resumes the call.
 */
public final class McpBackendCall implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(McpBackendCall.class);


    private final BackendClient client;
    private final CatalogRefresh refresh;
    private final HealthState health;
    private final ParkedCalls parked;

    public McpBackendCall(BackendClient client, CatalogRefresh refresh, HealthState health, ParkedCalls parked) {
        this.client = client;
        this.refresh = refresh;
        this.health = health;
        this.parked = parked;
    }

    @Override
    public void process(Exchange exchange) {
        JsonNode msg = McpExchange.message(exchange);
        String method = msg.path("method").asText();
        BackendSpec backend = exchange.getProperty(McpBackendTarget.BACKEND, BackendSpec.class);
        ObjectNode params = exchange.getProperty(McpBackendTarget.PARAMS, ObjectNode.class);
        // decided by incoming-auth at the front door; the backend session is the client session's own
        CallerIdentity caller = exchange.getProperty(CallerIdentity.PROPERTY, CallerIdentity.class);
        McpSession session = McpExchange.session(exchange);
        HttpServerResponse response = exchange.getProperty(McpExchange.HTTP_RESPONSE, HttpServerResponse.class);
        Cancellation cancellation = new Cancellation(response == null ? () -> false : response::closed);
        JsonNode id = msg.get("id");
        session.inFlight(id, cancellation);
        List<JsonNode> asked = new ArrayList<>(0);
        JsonNode result;
        try {
            @SuppressWarnings("unchecked")
            Map<String, String> passthrough = exchange.getProperty(PassthroughHeaders.PROPERTY, Map.class);
            result = session.stateless() ? statelessCall(exchange, backend, caller, method, params, response, passthrough) : null;
            if (result == null) {
                Consumer<JsonNode> sink = sink(exchange, backend, caller, asked);
                result = PassthroughHeaders.during(passthrough,
                        () -> call(session.id(), backend, caller, method, params, sink, cancellation));
            }
        } catch (BackendException e) {
            if (e.category() == FailureCategory.CANCELLED) {
                // the client will not read an answer (the spec asks for none): the call just ends
                LOG.debug("{} ended: {}", method, e.getMessage());
                throw new McpException(JsonRpc.REQUEST_CANCELLED, "request cancelled: " + cancellation.reason());
            }
            if (!"tools/call".equals(method)) {
                throw e;
            }
            // the client learns which backend and what happened; the log also where (URL, host)
            if (!client.hasOwner(session.id())) {
                // the client ended its session while the call was under way: its doing, not a failure
                LOG.debug("tools/call ended with its client session: {}", e.getMessage());
            } else if (e.category() == FailureCategory.UNAVAILABLE) {
                // withheld or over a limit: said once where it started, not again for every call
                LOG.debug("tools/call not sent: {}", e.getMessage());
            } else {
                LOG.warn("tools/call failed: {}", e.getMessage());
            }
            ObjectNode toolError = Json.object().put("isError", true);
            toolError.putArray("content").addObject().put("type", "text").put("text", e.clientMessage());
            result = toolError;
        } finally {
            session.done(id, cancellation);
            // what the backend asked the client during this call waits no longer: nobody would read the answer
            asked.forEach(session.relayed()::take);
        }
        exchange.getMessage().setBody(JsonRpc.result(id, result));
    }

    private JsonNode call(String owner, BackendSpec backend, CallerIdentity caller, String method, ObjectNode params,
                          Consumer<JsonNode> sink, Cancellation cancellation) {
        health.admit(backend);
        try {
            JsonNode result = client.call(owner, backend, caller, method, params, sink, cancellation);
            health.callEnded(backend.name(), null);
            return result;
        } catch (BackendException | BackendRpcException e) {
            health.callEnded(backend.name(), e);
            throw e;
        }
    }

    /**
     * A stateless client's call, parked while the backend waits for the client's input; or its
     * retry, which resumes it. Null when it cannot be parked: then it runs as any call.
     */
    private JsonNode statelessCall(Exchange exchange, BackendSpec backend, CallerIdentity caller, String method,
                                   ObjectNode params, HttpServerResponse response, Map<String, String> passthrough) {
        McpSession session = McpExchange.session(exchange);
        // 2026-07-28 cancels by closing the answer's stream
        java.util.function.BooleanSupplier clientGone = response == null ? () -> false : response::closed;
        Consumer<JsonNode> notifications = sink(exchange, backend, caller, new ArrayList<>(0));
        JsonNode state = params.get("requestState");
        if (state != null && state.asText().startsWith(ParkedCalls.STATE_PREFIX)) {
            return parked.resume(state.asText().substring(ParkedCalls.STATE_PREFIX.length()), params.get("inputResponses"),
                    notifications, clientGone);
        }
        String owner = session.id();
        return parked.start(backend, session.clientCapabilities(),
                // a thread of its own: the request's passthrough headers go with it
                (sink, c) -> PassthroughHeaders.during(passthrough, () -> call(owner, backend, caller, method, params, sink, c)),
                notifications,
                answer -> client.send(owner, backend, caller, answer), clientGone);
    }

    private Consumer<JsonNode> sink(Exchange exchange, BackendSpec backend, CallerIdentity caller, List<JsonNode> asked) {
        McpSession session = McpExchange.session(exchange);
        return message -> {
            String method = message.path("method").asText("");
            if (method.endsWith("/list_changed")) {
                refresh.request(backend.name());
                return;
            }
            if (JsonRpc.isRequest(message)) {
                // sampling, elicitation, roots: the client answers with a POST of its own
                JsonNode clientId = ServerRequestRelay.relay(session, backend, message, McpExchange.stream(exchange),
                        answer -> client.send(session.id(), backend, caller, answer));
                if (clientId != null) {
                    asked.add(clientId);
                }
                return;
            }
            if (!JsonRpc.isNotification(message)) {
                return;
            }
            if (!session.wants(message)) {
                return;
            }
            ClientStream stream = McpExchange.stream(exchange);
            if (stream != null) {
                stream.send(message);
            }
        };
    }
}
