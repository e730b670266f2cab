package routes.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import routes.config.ConfigStatus;
import routes.kernel.BackendSpec;
import routes.protocol.Json;
import routes.registry.BackendRegistry;
import routes.registry.NameConflict;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operational endpoints on the MCP port, in ToolHive vMCP's JSON shapes (its fields first,
 * Caravan's extra ones after). Each answer renders one {@link HealthSnapshot}, so /readyz, /status
 * and /api/backends/health always agree. They are unauthenticated, as in ToolHive, so none carries
 * a URL, a host, a file path, a header value or a probe's detail: failures show as categories
 * (the management port's status page and the log keep the detail).
 */
public final class HealthEndpoints {

    private final HealthState state;
    private final BackendRegistry registry;
    private final ConfigStatus config;
    private final String version;
    private volatile Supplier<SourceView> source = () -> null;

    /**
     * What a backend source says about itself on /status (the Kubernetes source: where it looks,
     * when it last listed, which workloads it holds back). Names only: the reasons, which may name
     * hosts, stay in the log and in the resources' own status.
     */
    public record SourceView(String name, String namespace, String group, String mode, Instant lastList,
                             List<String> heldBack) {
    }

    /** The Kubernetes source, when there is one. */
    public void source(Supplier<SourceView> view) {
        this.source = view;
    }

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

    /**
     * GET /readyz: 200 once discovery has run and some backend is routable (static mode), or once
     * the Kubernetes view is complete (dynamic mode, as ToolHive's), else 503.
     */
    public void readiness(Exchange exchange) {
        HealthSnapshot s = state.snapshot();
        boolean ready = state.ready(s);
        ObjectNode body = Json.object().put("status", ready ? "ready" : "not_ready").put("mode", config.current().mode());
        if (!ready) {
            // ToolHive's words while the Kubernetes view is incomplete; the sentence is in message
            body.put("reason", state.sourcePending() != null ? "cache_sync_pending" : s.message());
        }
        body.put("phase", s.phase().wireName()).put("message", s.message());
        reply(exchange, ready ? 200 : 503, body);
    }

    /** GET /status: ToolHive's {backends[], healthy, version, group_ref}, then the phase and the config in force. */
    public void status(Exchange exchange) {
        HealthSnapshot s = state.snapshot();
        Map<String, BackendSpec> specs = registry.snapshot();
        ObjectNode body = Json.object();
        var list = body.putArray("backends");
        boolean healthy = false;
        for (BackendHealth b : s.backends()) {
            healthy |= b.status() == HealthStatus.HEALTHY;
            ObjectNode n = list.addObject().put("name", b.name()).put("health", b.status().wireName());
            BackendSpec spec = specs.get(b.name());
            if (spec != null) {
                n.put("transport", spec.transport().wireName()).put("auth_type", spec.auth().type());
            }
            // Caravan's: the probe's reason in words anyone may read (the detail is in the log)
            n.put("routable", HealthState.routable(b, spec)).put("reason", b.reason()).put("last_error_category", category(b))
                    .put("consecutiveFailures", b.consecutiveFailures());
            time(n, "lastProbe", b.lastProbe());
            if (b.latency() == null) {
                n.putNull("latencyMs");
            } else {
                n.put("latencyMs", b.latency().toMillis());
            }
            n.put("circuitBreaker", b.circuitBreaker());
        }
        body.put("healthy", healthy).put("version", version).put("group_ref", config.current().groupRef());
        body.put("phase", s.phase().wireName()).put("ready", s.phase().ready()).put("message", s.message());
        configInForce(body.putObject("config"));
        SourceView v = source.get();
        if (v != null) {
            ObjectNode k = body.putObject(v.name());
            k.put("namespace", v.namespace()).put("group", v.group()).put("mode", v.mode());
            time(k, "lastList", v.lastList());
            v.heldBack().forEach(k.putArray("heldBack")::add);
        }
        conflicts(body);
        reply(exchange, 200, body);
    }

    /** GET /api/backends/health: ToolHive's health monitor view, Go-cased as its structs print. */
    public void backends(Exchange exchange) {
        HealthSnapshot s = state.snapshot();
        Map<HealthStatus, Integer> counts = new EnumMap<>(HealthStatus.class);
        ObjectNode body = Json.object().put("monitoring_enabled", true);
        ObjectNode summary = body.putObject("summary");
        ObjectNode map = body.putObject("backends");
        for (BackendHealth b : s.backends()) {
            counts.merge(b.status(), 1, Integer::sum);
            ObjectNode n = map.putObject(b.name()).put("Status", b.status().wireName())
                    .put("ConsecutiveFailures", b.consecutiveFailures());
            time(n, "LastCheckTime", b.lastProbe());
            n.put("LastErrorCategory", category(b));
            time(n, "LastTransitionTime", b.since());
            n.put("CircuitState", circuit(b));
            time(n, "CircuitLastChanged", b.circuitChanged());
        }
        summary.put("Total", s.backends().size());
        for (HealthStatus status : HealthStatus.values()) {
            String w = status.wireName();
            summary.put(Character.toUpperCase(w.charAt(0)) + w.substring(1), counts.getOrDefault(status, 0));
        }
        body.put("phase", s.phase().wireName()).put("ready", s.phase().ready()).put("message", s.message());
        conflicts(body);
        reply(exchange, 200, body);
    }

    /** Which config is in force and whether a newer one was rejected: no path, no problem text (it may quote URLs). */
    private void configInForce(ObjectNode n) {
        ConfigStatus.View v = config.current();
        n.put("name", v.name()).put("mode", v.mode());
        time(n, "loadedAt", v.loadedAt());
        if (v.rejected() == null) {
            n.putNull("rejected");
        } else {
            ObjectNode r = n.putObject("rejected");
            time(r, "at", v.rejected().at());
            r.put("problems", v.rejected().problems().size())
                    .put("detail", "see the gateway's log or its management port");
        }
    }

    private static String category(BackendHealth b) {
        return b.category().wireName().equals("none") ? "" : b.category().wireName();
    }

    /** ToolHive reports a breaker that is off as closed. */
    private static String circuit(BackendHealth b) {
        return b.circuitBreaker().equals("disabled") ? "closed" : b.circuitBreaker();
    }

    private static void time(ObjectNode n, String field, Instant at) {
        if (at == null) {
            n.putNull(field);
        } else {
            n.put(field, at.toString());
        }
    }

    /** Names only, never a URL: {name, source (the one served), ignoredSources}. */
    private void conflicts(ObjectNode body) {
        var list = body.putArray("conflicts");
        for (NameConflict c : registry.conflicts()) {
            var ignored = list.addObject().put("name", c.name()).put("source", c.source()).putArray("ignoredSources");
            c.ignored().forEach(ignored::add);
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
        msg.setHeader("X-Content-Type-Options", "nosniff");
        msg.setBody(head ? null : Json.bytes(body));
    }
}
