package routes.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.secrets.Quote;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Writes an MCPServerEntry's status from its {@link EntryVerdict}, through the status
 * subresource, on the elected replica only and only when something changed, so validation rounds
 * never loop on their own writes (each write is a MODIFIED event the watch delivers back).
 * <p>
 * What it writes: {@code phase}, {@code observedGeneration} and the validation conditions (each
 * with its {@code observedGeneration}; {@code lastTransitionTime} kept while its status stays the
 * same). Conditions of other types, and other status fields, are left as they are. It writes no
 * {@code message}: ToolHive's MCPServerEntry status has no such field, and the API server would
 * prune it, which would make every round look changed. An unknown verdict writes nothing.
 * <p>
 * Conflicts: the PUT carries the entry's resourceVersion. On 409 the entry is read again and the
 * status recomputed from it and written once more; if its generation moved on (the spec changed
 * meanwhile), or the retry conflicts too, the write is left to the next validation round.
 */
public final class EntryStatusWriter {


    private static final Logger LOG = LoggerFactory.getLogger(EntryStatusWriter.class);

    private final KubernetesClient client;
    private final String namespace;
    private final BooleanSupplier leader;
    private final Clock clock;
    /** Per entry, the last status written and the resourceVersion it replaced: a stale copy of that version is no reason to write again. */
    private final Map<String, Written> written = new ConcurrentHashMap<>();

    private record Written(String replacedVersion, Map<String, Object> status) {
    }

    public EntryStatusWriter(KubernetesClient client, String namespace, BooleanSupplier leader) {
        this(client, namespace, leader, Clock.systemUTC());
    }

    public EntryStatusWriter(KubernetesClient client, String namespace, BooleanSupplier leader, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.leader = leader;
        this.clock = clock;
    }

    /**
     * Writes the verdict into the entry's status when this replica leads, the verdict is known
     * and the status differs.
     *
     * @param entry   the entry as last seen (from the watch or a list)
     * @param verdict what {@link EntryValidation#validate} found for it
     * @return whether a status was written
     */
    public boolean write(GenericKubernetesResource entry, EntryVerdict verdict) {
        if (verdict.unknown() || !leader.getAsBoolean()) {
            return false;
        }
        String name = entry.getMetadata().getName();
        try {
            return tryWrite(entry, verdict);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                LOG.warn("Could not write the status of MCPServerEntry {} (HTTP {}); the next round tries again", Quote.of(name),
                        e.getCode());
                return false;
            }
        }
        try {
            GenericKubernetesResource latest = entries().withName(name).get();
            if (latest == null || !Objects.equals(latest.getMetadata().getGeneration(), entry.getMetadata().getGeneration())) {
                return false; // deleted, or its spec changed: a fresh validation follows
            }
            return tryWrite(latest, verdict);
        } catch (KubernetesClientException e) {
            LOG.debug("Status of MCPServerEntry {} not written (HTTP {}); the next round tries again", Quote.of(name), e.getCode());
            return false;
        }
    }

    private boolean tryWrite(GenericKubernetesResource entry, EntryVerdict verdict) {
        String name = entry.getMetadata().getName();
        Long generation = entry.getMetadata().getGeneration();
        if (verdict.generation() != (generation == null ? 0 : generation)) {
            return false; // a verdict for another generation of the spec: its own validation follows
        }
        String version = entry.getMetadata().getResourceVersion();
        Map<String, Object> current = currentStatus(entry);
        Map<String, Object> desired = desired(current, verdict);
        Written last = written.get(name);
        if (desired.equals(current)
                || (last != null && version != null && version.equals(last.replacedVersion()) && desired.equals(last.status()))) {
            return false;
        }
        GenericKubernetesResource copy = Serialization.clone(entry);
        copy.setAdditionalProperty("status", desired);
        entries().resource(copy).updateStatus();
        written.put(name, new Written(version, desired));
        LOG.info("MCPServerEntry {} is {}{}", Quote.of(name), verdict.phase(),
                verdict.valid() ? "" : ": " + verdict.message());
        return true;
    }

    /** The entry was deleted: drop what was remembered about it. */
    public void forget(String entryName) {
        written.remove(entryName);
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> entries() {
        return client.genericKubernetesResources(WorkloadKind.MCP_SERVER_ENTRY.context()).inNamespace(namespace);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> currentStatus(GenericKubernetesResource entry) {
        Object status = entry.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> m ? normalized((Map<String, Object>) m) : Map.of();
    }

    /** The current status with the verdict applied: other fields and conditions of other types kept. */
    private Map<String, Object> desired(Map<String, Object> current, EntryVerdict verdict) {
        Map<String, Object> status = new LinkedHashMap<>(current);
        List<Map<String, Object>> existing = conditions(current);
        List<Object> conditions = new ArrayList<>();
        for (Map<String, Object> c : existing) {
            if (!EntryVerdict.OWNED_TYPES.contains(c.get("type"))) {
                conditions.add(c);
            }
        }
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        for (EntryVerdict.Condition c : verdict.conditions()) {
            Map<String, Object> before = existing.stream().filter(e -> c.type().equals(e.get("type"))).findFirst().orElse(null);
            boolean sameStatus = before != null && c.status().equals(before.get("status")) && before.get("lastTransitionTime") != null;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", c.type());
            m.put("status", c.status());
            m.put("observedGeneration", verdict.generation());
            m.put("lastTransitionTime", sameStatus ? before.get("lastTransitionTime") : now);
            m.put("reason", c.reason());
            m.put("message", c.message());
            conditions.add(m);
        }
        status.put("phase", verdict.phase());
        status.put("observedGeneration", verdict.generation());
        status.put("conditions", conditions);
        return normalized(status);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> conditions(Map<String, Object> status) {
        List<Map<String, Object>> list = new ArrayList<>();
        if (status.get("conditions") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    list.add((Map<String, Object>) m);
                }
            }
        }
        return list;
    }

    /** Through JSON and back, so numbers and nesting compare equal to what the API server returns. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalized(Map<String, Object> status) {
        return Serialization.unmarshal(Serialization.asJson(status), LinkedHashMap.class);
    }
}
