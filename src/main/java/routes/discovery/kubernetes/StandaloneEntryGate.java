package routes.discovery.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import routes.protocol.Json;

import java.util.HashMap;
import java.util.Map;

/**
 * Standalone (no ToolHive operator in the cluster): Caravan validates each MCPServerEntry itself,
 * in ToolHive's order, writes the verdict into the entry's status (on the elected replica, only
 * when it changed), and routes to the entry only while it is valid.
 *
 * <p>A verdict holds until the entry changes (a watch event) or the next full list, which checks
 * again what the entry refers to (a Secret or ConfigMap created, a group deleted). When the API
 * cannot tell (a timeout, a 5xx), the last verdict stays, as ToolHive's controller requeues
 * without flipping conditions; an entry never judged is not routed meanwhile.
 */
public final class StandaloneEntryGate implements EntryGate {

    private record Judged(String resourceVersion, EntryVerdict verdict, boolean current) {
    }

    private final EntryValidation validation;
    private final EntryStatusWriter status;
    /** name → the last verdict; guarded by this. */
    private final Map<String, Judged> judged = new HashMap<>();

    public StandaloneEntryGate(EntryValidation validation, EntryStatusWriter status) {
        this.validation = validation;
        this.status = status;
    }

    @Override
    public synchronized String problem(JsonNode entry) {
        String name = entry.path("metadata").path("name").asText("");
        String version = entry.path("metadata").path("resourceVersion").asText("");
        Judged last = judged.get(name);
        EntryVerdict verdict;
        if (last != null && last.current() && last.resourceVersion().equals(version)) {
            verdict = last.verdict();
        } else {
            GenericKubernetesResource resource = Json.MAPPER.convertValue(entry, GenericKubernetesResource.class);
            EntryVerdict fresh = validation.validate(resource);
            if (fresh.unknown()) {
                if (last == null) {
                    return "not validated yet: " + fresh.message();
                }
                verdict = last.verdict();
            } else {
                verdict = fresh;
                judged.put(name, new Judged(version, fresh, true));
                status.write(resource, fresh);
            }
        }
        return verdict.valid() ? null : "not valid (status.phase " + verdict.phase() + "): " + verdict.message();
    }

    @Override
    public synchronized void forget(String name) {
        judged.remove(name);
        status.forget(name);
    }

    @Override
    public synchronized void forgetAll() {
        judged.replaceAll((name, j) -> new Judged(j.resourceVersion(), j.verdict(), false));
    }
}
