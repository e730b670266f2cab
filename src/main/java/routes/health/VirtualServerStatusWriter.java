package routes.health;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.health.VirtualServerStatus.Backend;
import routes.health.VirtualServerStatus.Condition;
import routes.health.VirtualServerStatus.Report;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Writes a {@link Report} into the status of the VirtualMCPServer this pod serves
 * ({@code VMCP_NAME} in {@code VMCP_NAMESPACE}), as ToolHive's vMCP pod does: a GET, then a status
 * update (PUT on the status subresource) retried on conflict from a fresh GET.
 * <p>
 * It replaces {@code phase}, {@code message}, {@code backendCount}, {@code discoveredBackends}
 * (as a whole), {@code observedGeneration} and the conditions Ready, BackendsDiscovered and Degraded
 * (removed when a report lacks them); everything else the operator wrote ({@code url}, Valid,
 * GroupRefValidated, hashes, …) is kept as read, and spec is never touched. Only while
 * {@code leader} says so; a status already equal to the report is not written again.
 * Needs RBAC {@code virtualmcpservers: get} and {@code virtualmcpservers/status: update}.
 */
public final class VirtualServerStatusWriter {

    public static final ResourceDefinitionContext VIRTUAL_MCP_SERVERS = new ResourceDefinitionContext.Builder()
            .withGroup("toolhive.stacklok.dev").withVersion("v1beta1").withPlural("virtualmcpservers")
            .withKind("VirtualMCPServer").withNamespaced(true).build();

    private static final Logger LOG = LoggerFactory.getLogger(VirtualServerStatusWriter.class);
    private static final int ATTEMPTS = 3;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final BooleanSupplier leader;
    private final Clock clock;
    private volatile boolean missingLogged;

    public VirtualServerStatusWriter(KubernetesClient client, String namespace, String name, BooleanSupplier leader) {
        this(client, namespace, name, leader, Clock.systemUTC());
    }

    public VirtualServerStatusWriter(KubernetesClient client, String namespace, String name, BooleanSupplier leader, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.leader = leader;
        this.clock = clock;
    }

    /**
     * @return whether the VirtualMCPServer's status now holds this report (written, or already equal);
     *         false when not leading, when it does not exist, or when the API server refused
     */
    public boolean write(Report report) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (!leader.getAsBoolean()) {
                return false;
            }
            try {
                GenericKubernetesResource current = server().get();
                if (current == null) {
                    if (!missingLogged) {
                        LOG.warn("VirtualMCPServer {}/{} not found: its status is not written", namespace, name);
                        missingLogged = true;
                    }
                    return false;
                }
                missingLogged = false;
                Map<String, Object> before = status(current);
                Map<String, Object> after = apply(before, report, current.getMetadata().getGeneration());
                if (after.equals(before)) {
                    return true;
                }
                GenericKubernetesResource copy = Serialization.clone(current);
                copy.setAdditionalProperty("status", after);
                client.genericKubernetesResources(VIRTUAL_MCP_SERVERS).inNamespace(namespace).resource(copy).updateStatus();
                LOG.debug("VirtualMCPServer {}/{} status: {} ({})", namespace, name, report.phase(), report.message());
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    LOG.warn("Could not write the status of VirtualMCPServer {}/{} (HTTP {}); trying again later", namespace, name,
                            e.getCode());
                    return false;
                }
                LOG.debug("Conflict writing VirtualMCPServer {}/{} status (attempt {}); reading it again", namespace, name, attempt);
            }
        }
        return false;
    }

    private Resource<GenericKubernetesResource> server() {
        return client.genericKubernetesResources(VIRTUAL_MCP_SERVERS).inNamespace(namespace).withName(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource r) {
        Object s = r.getAdditionalProperties().get("status");
        return s instanceof Map<?, ?> m ? normalized((Map<String, Object>) m) : Map.of();
    }

    private Map<String, Object> apply(Map<String, Object> current, Report report, Long generation) {
        Map<String, Object> status = new LinkedHashMap<>(current);
        status.put("phase", report.phase());
        status.put("message", report.message());
        status.put("backendCount", report.backendCount());
        List<Object> backends = new ArrayList<>();
        for (Backend b : report.discoveredBackends()) {
            backends.add(backend(b));
        }
        status.put("discoveredBackends", backends);
        status.put("conditions", conditions(current, report, generation));
        if (generation != null) {
            status.put("observedGeneration", generation);
        }
        return normalized(status);
    }

    private static Map<String, Object> backend(Backend b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.name());
        putIfSet(m, "url", b.url());
        m.put("status", b.status());
        putIfSet(m, "authType", b.authType());
        putIfSet(m, "lastHealthCheck", time(b.lastHealthCheck()));
        m.put("message", b.message());
        m.put("circuitBreakerState", b.circuitBreakerState());
        putIfSet(m, "circuitLastChanged", time(b.circuitLastChanged()));
        m.put("consecutiveFailures", b.consecutiveFailures());
        return m;
    }

    /** Others' conditions as they are; ours replaced, keeping lastTransitionTime while the status stays. */
    @SuppressWarnings("unchecked")
    private List<Object> conditions(Map<String, Object> current, Report report, Long generation) {
        List<Map<String, Object>> existing = new ArrayList<>();
        if (current.get("conditions") instanceof List<?> l) {
            l.stream().filter(Map.class::isInstance).forEach(o -> existing.add((Map<String, Object>) o));
        }
        List<Object> result = new ArrayList<>();
        existing.stream().filter(c -> !VirtualServerStatus.OWNED_CONDITIONS.contains(c.get("type"))).forEach(result::add);
        String now = time(clock.instant());
        for (Condition c : report.conditions()) {
            Map<String, Object> before = existing.stream().filter(e -> c.type().equals(e.get("type"))).findFirst().orElse(null);
            boolean same = before != null && c.status().equals(before.get("status")) && before.get("lastTransitionTime") != null;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", c.type());
            m.put("status", c.status());
            if (generation != null) {
                m.put("observedGeneration", generation);
            }
            m.put("lastTransitionTime", same ? before.get("lastTransitionTime") : now);
            m.put("reason", c.reason());
            m.put("message", c.message());
            result.add(m);
        }
        return result;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** metav1.Time: RFC 3339 in whole seconds. */
    private static String time(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Through JSON and back, so numbers compare equal to what the API server returns. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalized(Map<String, Object> status) {
        return Serialization.unmarshal(Serialization.asJson(status), LinkedHashMap.class);
    }
}
