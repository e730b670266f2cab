package routes.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import routes.protocol.Json;
import routes.registry.BackendRegistry;
import routes.registry.NameConflict;

/**
 * The operational endpoints on the main port, as ToolHive has them. Each answer renders one
 * {@link HealthSnapshot}, so /readyz, /status and /api/backends/health always agree; none of them
 * carries a URL, a header value or a secret. /status and /api/backends/health also list the
 * backend names that more than one registry source claims, and which source is served.
 */
public final class HealthEndpoints {

    private final HealthState state;
    private final BackendRegistry registry;

    public HealthEndpoints(HealthState state, BackendRegistry registry) {
        this.state = state;
        this.registry = registry;
    }

    /** GET /health: the process is alive and serving HTTP; backends do not matter here. */
    public void liveness(Exchange exchange) {
        reply(exchange, 200, Json.object().put("status", "ok"));
    }

    /** GET /readyz: 200 once discovery has run and some backend is routable, else 503. */
    public void readiness(Exchange exchange) {
        HealthSnapshot s = state.snapshot();
        ObjectNode body = Json.object().put("status", s.phase().ready() ? "ready" : "not ready")
                .put("phase", s.phase().wireName()).put("message", s.message());
        reply(exchange, s.phase().ready() ? 200 : 503, body);
    }

    /** GET /status: the gateway phase and every backend, as a list. */
    public void status(Exchange exchange) {
        HealthSnapshot s = state.snapshot();
        ObjectNode body = phase(s);
        var list = body.putArray("backends");
        s.backends().forEach(b -> list.add(backend(b).put("name", b.name())));
        conflicts(body);
        reply(exchange, 200, body);
    }

    /** GET /api/backends/health: the same, keyed by backend name. */
    public void backends(Exchange exchange) {
        HealthSnapshot s = state.snapshot();
        ObjectNode body = phase(s);
        ObjectNode map = body.putObject("backends");
        s.backends().forEach(b -> map.set(b.name(), backend(b)));
        conflicts(body);
        reply(exchange, 200, body);
    }

    private static ObjectNode phase(HealthSnapshot s) {
        return Json.object().put("phase", s.phase().wireName()).put("ready", s.phase().ready()).put("message", s.message());
    }

    /** Names only, never a URL: {name, source (the one served), ignoredSources}. */
    private void conflicts(ObjectNode body) {
        var list = body.putArray("conflicts");
        for (NameConflict c : registry.conflicts()) {
            var ignored = list.addObject().put("name", c.name()).put("source", c.source()).putArray("ignoredSources");
            c.ignored().forEach(ignored::add);
        }
    }

    private static ObjectNode backend(BackendHealth b) {
        ObjectNode n = Json.object().put("status", b.status().wireName()).put("routable", b.routable());
        if (b.lastProbe() == null) {
            n.putNull("lastProbe");
            n.putNull("latencyMs");
        } else {
            n.put("lastProbe", b.lastProbe().toString());
            n.put("latencyMs", b.latency().toMillis());
        }
        return n.put("consecutiveFailures", b.consecutiveFailures()).put("reason", b.reason())
                .put("circuitBreaker", b.circuitBreaker());
    }

    private static void reply(Exchange exchange, int status, ObjectNode body) {
        Message msg = exchange.getMessage();
        // request headers left on the message would be echoed back as response headers
        msg.getHeaders().clear();
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
        msg.setHeader("Cache-Control", "no-store");
        msg.setBody(Json.bytes(body));
    }
}
