package routes.gateway;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.ToolHiveCluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Under ToolHive's operator the pod's Role is the operator's, which grants no Leases (ToolHive's
 * vMCP elects nobody): Caravan then writes the VirtualMCPServer status without an election, as
 * ToolHive's vMCP does, instead of never writing it.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesOperatorRbacTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NS = "rbac";

    @Test
    void withoutRightsOnLeasesTheStatusIsStillWritten() throws Exception {
        server.expect().get().withPath("/apis/coordination.k8s.io/v1/namespaces/" + NS + "/leases/caravan-vmcp")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("leases.coordination.k8s.io \"caravan-vmcp\" is forbidden").build())
                .always();
        ToolHiveCluster cluster = new ToolHiveCluster(server, client, NS);
        cluster.group("team");
        cluster.virtualServer("vmcp", "team");
        try (FixtureBackend backend = FixtureBackend.builder("only").tools("a").start()) {
            cluster.entry("only", "team", backend.url(), Map.of(), "Valid");
            try (GatewayHarness gateway = GatewayHarness.start("""
                    name: vmcp
                    groupRef: team
                    incomingAuth: {type: anonymous}
                    outgoingAuth: {source: discovered}
                    operational:
                      failureHandling: {healthCheckInterval: 1s}
                    """, Map.of("caravan.kubernetes.master", cluster.masterUrl()), Map.of("VMCP_NAME", "vmcp", "VMCP_NAMESPACE", NS))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    Map<String, Object> status = cluster.virtualServerStatus("vmcp");
                    return status != null && status.get("discoveredBackends") instanceof List<?> l && !l.isEmpty();
                });
            }
        }
    }
}
