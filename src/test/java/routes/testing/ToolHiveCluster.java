package routes.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import routes.discovery.kubernetes.WorkloadKind;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * ToolHive's resources on fabric8's mock API server (CRUD mode), written as a user or ToolHive's
 * operator would: MCPGroups, MCPServerEntries, MCPServers, MCPRemoteProxies, auth configs, Secrets.
 */
public final class ToolHiveCluster {

    private final KubernetesClient client;
    private final String namespace;

    public ToolHiveCluster(KubernetesMockServer server, KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        for (WorkloadKind k : WorkloadKind.values()) {
            server.expectCustomResource(k.context());
        }
        server.expectCustomResource(VIRTUAL_MCP_SERVER);
    }

    public static final CustomResourceDefinitionContext VIRTUAL_MCP_SERVER = new CustomResourceDefinitionContext.Builder()
            .withGroup(WorkloadKind.GROUP).withVersion(WorkloadKind.VERSION).withKind("VirtualMCPServer")
            .withPlural("virtualmcpservers").withScope("Namespaced").withName("virtualmcpservers." + WorkloadKind.GROUP)
            .withStatusSubresource(true).build();

    public String masterUrl() {
        return client.getMasterUrl().toString();
    }

    public KubernetesClient client() {
        return client;
    }

    /** A VirtualMCPServer as ToolHive's operator keeps it (its spec is not read by the gateway). */
    public void virtualServer(String name, String group) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(WorkloadKind.GROUP + "/" + WorkloadKind.VERSION);
        r.setKind("VirtualMCPServer");
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withGeneration(1L).build());
        r.setAdditionalProperty("spec", Map.of("groupRef", Map.of("name", group)));
        client.genericKubernetesResources(VIRTUAL_MCP_SERVER).inNamespace(namespace).resource(r).createOr(u -> u.update());
    }

    /** Its status, or null. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> virtualServerStatus(String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(VIRTUAL_MCP_SERVER).inNamespace(namespace).withName(name).get();
        return r == null ? null : (Map<String, Object>) r.getAdditionalProperties().get("status");
    }

    /** An MCPServerEntry's status, or null. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> entryStatus(String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(WorkloadKind.MCP_SERVER_ENTRY.context())
                .inNamespace(namespace).withName(name).get();
        return r == null ? null : (Map<String, Object>) r.getAdditionalProperties().get("status");
    }

    public void group(String name) {
        put(WorkloadKind.MCP_GROUP, name, Map.of("description", "test group"), null);
    }

    /** An MCPServerEntry; {@code phase} is its status.phase (null: none). */
    public void entry(String name, String group, String url, Map<String, Object> more, String phase) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("remoteUrl", url);
        spec.put("transport", "streamable-http");
        spec.put("groupRef", Map.of("name", group));
        spec.putAll(more);
        put(WorkloadKind.MCP_SERVER_ENTRY, name, spec, phase == null ? null : Map.of("phase", phase));
    }

    public void server(WorkloadKind kind, String name, String group, String statusUrl, Map<String, Object> more) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("transport", "streamable-http");
        spec.put("groupRef", Map.of("name", group));
        if (kind == WorkloadKind.MCP_SERVER) {
            spec.put("image", "example/mcp:1");
        } else {
            spec.put("remoteUrl", "https://mcp.example.com/mcp");
        }
        spec.putAll(more);
        put(kind, name, spec, statusUrl == null ? Map.of("phase", "Pending") : Map.of("phase", "Ready", "url", statusUrl));
    }

    public void put(WorkloadKind kind, String name, Map<String, Object> spec, Map<String, Object> status) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(WorkloadKind.GROUP + "/" + WorkloadKind.VERSION);
        r.setKind(kind.kind());
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        r.setAdditionalProperty("spec", spec);
        var resources = client.genericKubernetesResources(kind.context()).inNamespace(namespace);
        GenericKubernetesResource stored = resources.resource(r).createOr(u -> u.update());
        if (status != null) {
            // the status subresource: a create or update of the resource ignores status, as a real API server does
            stored.setAdditionalProperty("status", status);
            resources.resource(stored).updateStatus();
        }
    }

    /** Writes the status as its controller would. */
    public void status(WorkloadKind kind, String name, Map<String, Object> status) {
        var resources = client.genericKubernetesResources(kind.context()).inNamespace(namespace);
        GenericKubernetesResource stored = resources.withName(name).get();
        stored.setAdditionalProperty("status", status);
        resources.resource(stored).updateStatus();
    }

    public void edit(WorkloadKind kind, String name, Consumer<GenericKubernetesResource> change) {
        client.genericKubernetesResources(kind.context()).inNamespace(namespace).withName(name).edit(r -> {
            change.accept(r);
            return r;
        });
    }

    public void delete(WorkloadKind kind, String name) {
        client.genericKubernetesResources(kind.context()).inNamespace(namespace).withName(name).delete();
    }

    public void secret(String name, String key, String value) {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).endMetadata()
                .withData(Map.of(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))).build())
                .createOr(u -> u.update());
    }

    public static Map<String, Object> headerForward(Map<String, String> plain, String header, String secret, String key) {
        return Map.of("headerForward", Map.of("addPlaintextHeaders", plain,
                "addHeadersFromSecret", List.of(Map.of("headerName", header, "valueSecretRef", Map.of("name", secret, "key", key)))));
    }
}
