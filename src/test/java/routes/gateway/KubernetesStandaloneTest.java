package routes.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.discovery.kubernetes.WorkloadKind;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.ToolHiveCluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Standalone (no ToolHive operator: VMCP_NAME unset): Caravan validates each MCPServerEntry in
 * ToolHive's order and writes its status, routes only valid ones, and with two replicas only the
 * Lease holder writes; when it stops, the other takes over.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesStandaloneTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NS = "standalone";
    private static final String CONFIG = """
            name: team-gateway
            groupRef: team
            incomingAuth: {type: anonymous}
            outgoingAuth: {source: discovered}
            """;
    private static ToolHiveCluster cluster;
    private static FixtureBackend backend;

    @BeforeAll
    static void start() {
        cluster = new ToolHiveCluster(server, client, NS);
        backend = FixtureBackend.builder("api").tools("query").start();
        cluster.group("team");
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static GatewayHarness gateway() throws Exception {
        // loopback backends pass the SSRF table only because the admin allow-list names 127.0.0.1
        return GatewayHarness.start(CONFIG, Map.of("caravan.kubernetes.master", cluster.masterUrl(),
                "caravan.kubernetes.resync-interval", "1000", "caravan.kubernetes.lease-duration", "1500",
                "caravan.discovery.allowed-hosts", "127.0.0.1"), Map.of("VMCP_NAMESPACE", NS));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> condition(String entry, String type) {
        Map<String, Object> status = cluster.entryStatus(entry);
        if (status == null || !(status.get("conditions") instanceof List<?> list)) {
            return null;
        }
        return list.stream().map(c -> (Map<String, Object>) c).filter(c -> type.equals(c.get("type"))).findFirst().orElse(null);
    }

    private static Object phase(String entry) {
        Map<String, Object> status = cluster.entryStatus(entry);
        return status == null ? null : status.get("phase");
    }

    @Test
    void aMissingSecretFailsTheEntryUntilItExistsThenItIsValidAndRouted() throws Exception {
        String url = backend.url();
        cluster.entry("api", "team", url, ToolHiveCluster.headerForward(Map.of(), "X-Api-Key", "api-key", "token"), null);
        cluster.entry("local", "team", url.replace("127.0.0.1", "localhost"), Map.of(), null);
        cluster.entry("orphan", "other-group-that-does-not-exist", url, Map.of(), null);
        try (GatewayHarness gateway = gateway(); McpSyncClient c = GatewayEndToEndTest.client(gateway)) {
            c.initialize();
            await().atMost(Duration.ofSeconds(15)).until(() -> "Failed".equals(phase("api")));
            Map<String, Object> secrets = condition("api", "HeaderSecretRefsValidated");
            assertEquals("False", secrets.get("status"), secrets.toString());
            assertEquals("HeaderSecretNotFound", secrets.get("reason"));
            assertEquals("Secret \"api-key\" referenced for header \"X-Api-Key\" not found", secrets.get("message"));
            assertFalse(GatewayEndToEndTest.toolNames(c).contains("api_query"));

            // the SSRF table: a loopback name is not an allowed host even though 127.0.0.1 is
            await().atMost(Duration.ofSeconds(15)).until(() -> "Failed".equals(phase("local")));
            assertEquals("False", condition("local", "RemoteURLValidated").get("status"));
            assertTrue(condition("local", "RemoteURLValidated").get("message").toString().contains("localhost"));
            // /status names what is held back, not why (a reason may name an internal host)
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                String st = gateway.get("/status").body();
                assertTrue(st.contains("\"kubernetes\":{\"namespace\":\"standalone\",\"group\":\"team\",\"mode\":\"standalone\""), st);
                assertTrue(st.contains("\"MCPServerEntry/local\""), st);
                assertFalse(st.contains("localhost"), st);
            });
            // an entry of another group is none of this gateway's business: no status written
            assertEquals(null, cluster.entryStatus("orphan"));

            cluster.secret("api-key", "token", "s3cret-value");
            await().atMost(Duration.ofSeconds(15)).until(() -> "Valid".equals(phase("api")));
            assertEquals("HeaderSecretsValid", condition("api", "HeaderSecretRefsValidated").get("reason"));
            await().atMost(Duration.ofSeconds(10)).until(() -> GatewayEndToEndTest.toolNames(c).contains("api_query"));
            assertFalse(cluster.entryStatus("api").toString().contains("s3cret-value"));
        } finally {
            for (String e : List.of("api", "local", "orphan")) {
                cluster.delete(WorkloadKind.MCP_SERVER_ENTRY, e);
            }
        }
    }

    @Test
    void withTwoReplicasOnlyTheLeaseHolderWritesAndTheOtherTakesOverWhenItStops() throws Exception {
        GatewayHarness first = gateway();
        try (GatewayHarness second = gateway()) {
            String lease = "caravan-team-gateway";
            await().atMost(Duration.ofSeconds(10)).until(() -> holder(lease) != null);
            String leader = holder(lease);
            cluster.entry("one", "team", "http://metadata.google.internal/mcp", Map.of(), null);
            await().atMost(Duration.ofSeconds(15)).until(() -> "Failed".equals(phase("one")));

            first.close();
            await().atMost(Duration.ofSeconds(15)).until(() -> holder(lease) != null && !leader.equals(holder(lease)));
            cluster.entry("two", "team", "http://169.254.169.254/latest", Map.of(), null);
            await().atMost(Duration.ofSeconds(15)).until(() -> "Failed".equals(phase("two")));
            assertTrue(condition("two", "RemoteURLValidated").get("message").toString().contains("169.254.0.0/16"));
        } finally {
            first.close();
            cluster.delete(WorkloadKind.MCP_SERVER_ENTRY, "one");
            cluster.delete(WorkloadKind.MCP_SERVER_ENTRY, "two");
        }
    }

    private static String holder(String lease) {
        var l = client.leases().inNamespace(NS).withName(lease).get();
        return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
    }
}
