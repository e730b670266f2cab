package routes.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.catalog.Catalog;
import routes.catalog.CatalogEntry;
import routes.health.BackendHealth;
import routes.health.HealthState;
import routes.health.HealthStatus;
import routes.kernel.AuthStrategy;
import routes.kernel.FailureCategory;
import routes.kernel.BackendSpec;

import java.util.HashMap;
import java.util.Map;

/**
 * The backends table of the status document: each backend's health, transport, advertised tools,
 * last error and circuit state. The operator sees the error text, the URL and where each header
 * comes from (a Secret's reference, never its value; a plain header's name only); the public sees
 * an error category and nothing that names a host.
 */
final class BackendRows {

    private BackendRows() {
    }

    static void render(ArrayNode rows, Iterable<BackendHealth> health, Map<String, BackendSpec> specs, Catalog catalog,
                       Map<String, String> catalogFailures, StatusAudience audience) {
        Map<String, Integer> tools = new HashMap<>();
        for (CatalogEntry e : catalog.tools()) {
            tools.merge(e.backend(), 1, Integer::sum);
        }
        for (BackendHealth h : health) {
            BackendSpec spec = specs.get(h.name());
            String catalogFailure = catalogFailures.get(h.name());
            ObjectNode row = rows.addObject().put("name", h.name())
                    .put("transport", spec == null ? null : spec.transport().wireName())
                    .put("health", h.status().wireName()).put("routable", HealthState.routable(h, spec))
                    .put("tools", tools.getOrDefault(h.name(), 0))
                    .put("circuit", h.circuitBreaker())
                    .put("consecutiveFailures", h.consecutiveFailures())
                    .put("lastProbe", h.lastProbe() == null ? null : h.lastProbe().toString())
                    .put("latencyMs", h.latency() == null ? null : h.latency().toMillis())
                    .put("errorCategory", category(h, catalogFailure != null));
            if (audience == StatusAudience.OPERATOR) {
                row.put("lastError", lastError(h, catalogFailure));
                if (spec != null) {
                    row.put("url", spec.url().toString());
                    describeAuthAndHeaders(row, spec);
                }
            }
        }
    }

    /**
     * What a stranger may see instead of the error: the last probe's failure category (ToolHive's
     * LastErrorCategory, as /status has it), else whether the catalog fetch failed, else null.
     */
    static String category(BackendHealth h, boolean catalogFailed) {
        if (h.category() != FailureCategory.NONE) {
            return h.category().wireName();
        }
        return catalogFailed ? "catalog" : null;
    }

    /** The probe's detail while something is wrong, else the last catalog fetch's failure, else null. */
    private static String lastError(BackendHealth h, String catalogFailure) {
        boolean probeTrouble = h.consecutiveFailures() > 0
                || (h.status() != HealthStatus.HEALTHY && h.status() != HealthStatus.UNKNOWN);
        if (probeTrouble) {
            return h.detail();
        }
        return catalogFailure;
    }

    private static void describeAuthAndHeaders(ObjectNode row, BackendSpec spec) {
        AuthStrategy auth = spec.auth();
        ObjectNode a = row.putObject("auth").put("type", auth.type());
        if (auth instanceof AuthStrategy.HeaderInjection h) {
            a.put("header", h.headerName()).put("from", h.secret() == null ? "value in the config" : h.secret().describe());
        }
        ArrayNode headers = row.putArray("headers");
        spec.headerForward().plaintext().keySet()
                .forEach(name -> headers.addObject().put("name", name).put("from", "value in the config"));
        spec.headerForward().fromSecret()
                .forEach((name, ref) -> headers.addObject().put("name", name).put("from", ref.describe()));
    }
}
