package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * subscriptions/listen (2026-07-28): the stateless client's long-lived stream of change
 * notifications, the successor of the GET stream. The answer is an SSE stream that opens with
 * notifications/subscriptions/acknowledged (naming the kinds the gateway honours of those asked
 * for), then carries those list_changed notifications, each tagged with the subscription id (the
 * request's id). At its maximum age (checked by the housekeeping timer) the gateway ends it
 * gracefully with the listen result; the
 * client's disconnect ends it too. Like a GET stream it holds no thread while open (the response
 * is handed over, see StreamingHttpConsumer); the number of open listen streams is capped.
 */
public final class ModernListen implements Processor {

    private final ListenStreams listeners;
    private final long maxStreamMillis;

    public ModernListen(ListenStreams listeners, long maxStreamMillis) {
        this.listeners = listeners;
        this.maxStreamMillis = maxStreamMillis;
    }

    @Override
    public void process(Exchange exchange) {
        JsonNode msg = McpExchange.message(exchange);
        JsonNode id = msg.get("id");
        JsonNode filter = msg.path("params").path("notifications");
        if (!filter.isObject()) {
            HttpReply.reject(exchange, 400, JsonRpc.INVALID_PARAMS,
                    "Invalid params: subscriptions/listen needs params.notifications (the kinds to receive)", id);
            return;
        }
        HttpServerResponse response = exchange.getProperty(McpExchange.HTTP_RESPONSE, HttpServerResponse.class);
        if (!Boolean.TRUE.equals(exchange.getProperty(McpExchange.ACCEPTS_SSE)) || response == null) {
            HttpReply.reject(exchange, 406, JsonRpc.INVALID_REQUEST,
                    "Not Acceptable: subscriptions/listen answers with a stream; Accept must allow text/event-stream", id);
            return;
        }
        ObjectNode honoured = Json.object();
        Set<String> methods = new HashSet<>();
        for (Map.Entry<String, String> f : ListenStreams.FILTERS.entrySet()) {
            if (filter.path(f.getKey()).asBoolean(false)) {
                honoured.put(f.getKey(), true);
                methods.add(f.getValue());
            }
        }
        // no id: a listen stream is not resumable (2026-07-28 has no resumption)
        ClientStream stream = new ClientStream(null, false, StreamLimits.DEFAULTS, System.currentTimeMillis());
        ListenStreams.Listener listener = new ListenStreams.Listener(stream, id, Set.copyOf(methods),
                System.currentTimeMillis() + maxStreamMillis);
        if (!listeners.add(listener)) {
            HttpReply.reject(exchange, 503, JsonRpc.INTERNAL_ERROR,
                    "Service Unavailable: the gateway holds its maximum of open subscriptions/listen streams; try again later", id);
            return;
        }
        stream.connect(response, null, 0, false);
        ObjectNode params = Json.object();
        params.set("notifications", honoured);
        params.putObject("_meta").set(ListenStreams.SUBSCRIPTION_KEY, id);
        stream.send(JsonRpc.notification("notifications/subscriptions/acknowledged", params));
        // the stream is handed over: the worker goes back to the pool (StreamingHttpConsumer)
        exchange.setProperty(McpExchange.RESPONSE_TAKEN, true);
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody(null);
        exchange.setRouteStop(true);
    }
}
