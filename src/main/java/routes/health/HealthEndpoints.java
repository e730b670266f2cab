package routes.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import routes.kernel.BackendSpec;
import routes.kernel.ConfigStatus;
import routes.kernel.PublicText;
import routes.protocol.Json;
import routes.registry.BackendRegistry;
import routes.registry.NameConflict;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The operational endpoints on the main port, with ToolHive's vMCP shapes (its fields first, ours
 * after them). Each answer renders one {@link HealthSnapshot}, so /readyz, /status and
 * /api/backends/health always agree. They are unauthenticated, as in ToolHive, so none carries a
 * URL, a host, a header value or a secret: backends are named, failures are categorised.
 */
public final class HealthEndpoints {

    private final HealthState state;
    private final BackendRegistry registry;
    private final ConfigStatus config;
    private final String version;

    public HealthEndpoints(HealthState state, BackendRegistry registry, ConfigStatus config, String version) {
        this.state = state;
        this.registry = registry;
        this.config = config;
        this.version = version;
    }

    /** GET /health and /ping: the process is alive and serving HTTP; backends do not matter here. */
    public void liveness(Exchange exchange) {
        reply(exchange, 200, Json.object().put("status", "ok"));
    }

    /** GET /readyz: 200 once discovery has run and some backend is routable, else 503. */
    public void readiness(Exchange exchange) {
        HealthSnapshot s = state.snapshot();
        boolean ready = s.phase().ready();
        // static mode: backends come from the config file (ToolHive's dynamic mode waits for its cache)
        ObjectNode body = Json.object().put("status", ready ? "ready" : "not_ready").put("mode", "static");
        if (!ready) {
            body.put("reason", s.message());
        }
        body.put("phase", s.phase().wireName()).put("message", s.message());
        reply(exchange, ready ? 200 : 503, body);
    }

    /** GET or HEAD /status: every backend as a list, whether the gateway serves, and the config in force. */
    public void status(Exchange exchange) {
        HealthSnapshot s = state.snapshot();
        Map<String, BackendSpec> specs = registry.snapshot();
        ConfigStatus.Snapshot c = config.snapshot();
        ObjectNode body = Json.object();
        var list = body.putArray("backends");
        for (BackendHealth b : s.backends()) {
            BackendSpec spec = specs.get(b.name());
            ObjectNode n = list.addObject().put("name", b.name()).put("health", b.status().wireName());
            n.put("transport", spec == null ? "" : spec.transport().wireName());
            n.put("auth_type", spec == null ? "" : spec.auth().type());
            details(n, b);
        }
        body.put("healthy", s.phase().ready()).put("version", version).put("group_ref", c.groupRef());
        phase(body, s);
        conflicts(body);
        configStatus(body.putObject("config"), c);
        reply(exchange, 200, body);
    }

    /** GET /api/backends/health: every backend keyed by name, with ToolHive's Go-cased fields and a summary. */
    public void backends(Exchange exchange) {
        HealthSnapshot s = state.snapshot();
        ObjectNode body = Json.object().put("monitoring_enabled", true);
        Map<HealthStatus, Integer> counts = new EnumMap<>(HealthStatus.class);
        s.backends().forEach(b -> counts.merge(b.status(), 1, Integer::sum));
        body.putObject("summary").put("Total", s.backends().size())
                .put("Healthy", counts.getOrDefault(HealthStatus.HEALTHY, 0))
                .put("Degraded", counts.getOrDefault(HealthStatus.DEGRADED, 0))
                .put("Unhealthy", counts.getOrDefault(HealthStatus.UNHEALTHY, 0))
                .put("Unknown", counts.getOrDefault(HealthStatus.UNKNOWN, 0))
                .put("Unauthenticated", counts.getOrDefault(HealthStatus.UNAUTHENTICATED, 0));
        ObjectNode map = body.putObject("backends");
        for (BackendHealth b : s.backends()) {
            ObjectNode n = map.putObject(b.name()).put("Status", b.status().wireName())
                    .put("ConsecutiveFailures", b.consecutiveFailures());
            time(n, "LastCheckTime", b.lastProbe());
            n.put("LastErrorCategory", b.errorCategory() == null ? "" : b.errorCategory());
            time(n, "LastTransitionTime", b.lastTransition());
            // a disabled breaker never opens: closed, as ToolHive shows it
            n.put("CircuitState", "disabled".equals(b.circuitBreaker()) ? "closed" : b.circuitBreaker());
            time(n, "CircuitLastChanged", b.circuitLastChanged());
            details(n, b);
        }
        phase(body, s);
        conflicts(body);
        reply(exchange, 200, body);
    }

    private static void phase(ObjectNode body, HealthSnapshot s) {
        body.put("phase", s.phase().wireName()).put("ready", s.phase().ready()).put("message", s.message());
    }

    /** Caravan's own fields, the same in /status and /api/backends/health. */
    private static void details(ObjectNode n, BackendHealth b) {
        n.put("status", b.status().wireName()).put("routable", b.routable());
        time(n, "lastProbe", b.lastProbe());
        if (b.latency() == null) {
            n.putNull("latencyMs");
        } else {
            n.put("latencyMs", b.latency().toMillis());
        }
        n.put("consecutiveFailures", b.consecutiveFailures()).put("reason", PublicText.withoutUrls(b.reason()))
                .put("circuitBreaker", b.circuitBreaker());
    }

    /** Names only, never a URL: {name, source (the one served), ignoredSources}. */
    private void conflicts(ObjectNode body) {
        var list = body.putArray("conflicts");
        for (NameConflict c : registry.conflicts()) {
            var ignored = list.addObject().put("name", c.name()).put("source", c.source()).putArray("ignoredSources");
            c.ignored().forEach(ignored::add);
        }
    }

    /** The config in force and, while it stands, the newer one that was rejected. */
    private static void configStatus(ObjectNode n, ConfigStatus.Snapshot c) {
        n.put("source", c.source());
        time(n, "loadedAt", c.loadedAt());
        if (c.rejected() == null) {
            n.putNull("rejected");
        } else {
            ObjectNode r = n.putObject("rejected").put("at", c.rejected().at().toString());
            var problems = r.putArray("problems");
            c.rejected().problems().forEach(p -> problems.add(PublicText.withoutUrls(p)));
        }
    }

    private static void time(ObjectNode n, String field, Instant at) {
        if (at == null) {
            n.putNull(field);
        } else {
            n.put(field, at.toString());
        }
    }

    private static void reply(Exchange exchange, int status, ObjectNode body) {
        Message msg = exchange.getMessage();
        boolean head = "HEAD".equals(msg.getHeader(Exchange.HTTP_METHOD, String.class));
        // request headers left on the message would be echoed back as response headers
        msg.getHeaders().clear();
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
        msg.setHeader("Cache-Control", "no-store");
        msg.setBody(head ? null : Json.bytes(body));
    }
}
