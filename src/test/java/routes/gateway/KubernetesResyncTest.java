package routes.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.modelcontextprotocol.client.McpSyncClient;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import routes.discovery.kubernetes.WorkloadKind;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.ToolHiveCluster;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the resync is for: a watch that ended without a word (fabric8 ends one on 410 Gone, and
 * the Camel consumer only logs it) is made up for within one period and restarted, and /readyz
 * says when the gateway's view of the cluster cannot be trusted. A gateway in dynamic mode that
 * cannot reach the API does not start.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesResyncTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NS = "resync";
    private static final String CONFIG = """
            name: vmcp
            groupRef: team
            incomingAuth: {type: anonymous}
            outgoingAuth: {source: discovered}
            operational:
              failureHandling: {healthCheckInterval: 1s}
            """;
    private static FixtureBackend backend;

    @AfterAll
    static void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void aLostWatchIsHealedByTheNextListAndTheWatchesRestartAndReadyzShowsWhenListsStopAnswering() throws Exception {
        ToolHiveCluster cluster = new ToolHiveCluster(server, client, NS);
        backend = FixtureBackend.builder("late").tools("lookup").start();
        cluster.group("team");
        try (GatewayHarness gateway = GatewayHarness.start(CONFIG, Map.of("caravan.kubernetes.master", cluster.masterUrl(),
                "caravan.kubernetes.resync-interval", "1000"), Map.of("VMCP_NAME", "vmcp", "VMCP_NAMESPACE", NS));
             McpSyncClient c = GatewayEndToEndTest.client(gateway)) {
            c.initialize();
            // an empty group is a valid state once listed, as in ToolHive's dynamic mode
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> ready = gateway.get("/readyz");
                assertEquals(200, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("\"mode\":\"dynamic\""), ready.body());
            });

            // in dynamic mode a complete view is ready even when every backend is down, as ToolHive's
            cluster.entry("dead", "team", "http://127.0.0.1:1/mcp", Map.of(), "Valid");
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.get("/status").body().contains("\"name\":\"dead\""));
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.get("/status").body().contains("\"health\":\"unhealthy\""));
            assertEquals(200, gateway.get("/readyz").statusCode());
            cluster.delete(WorkloadKind.MCP_SERVER_ENTRY, "dead");

            // the watches die silently, as on a 410 Gone
            for (String id : List.of("discovery-kubernetes-watch-mcpserverentries", "discovery-kubernetes-watch-mcpservers",
                    "discovery-kubernetes-watch-mcpremoteproxies", "discovery-kubernetes-watch-mcpexternalauthconfigs")) {
                gateway.camel().getRouteController().stopRoute(id);
            }
            cluster.entry("late", "team", backend.url(), Map.of(), "Valid");
            await().atMost(Duration.ofSeconds(10)).until(() -> GatewayEndToEndTest.toolNames(c).contains("late_lookup"));
            cluster.delete(WorkloadKind.MCP_SERVER_ENTRY, "late");
            await().atMost(Duration.ofSeconds(10)).until(() -> !GatewayEndToEndTest.toolNames(c).contains("late_lookup"));
            // two lists in a row knew more than the watches: they are restarted
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.camel().getRouteController()
                    .getRouteStatus("discovery-kubernetes-watch-mcpserverentries") == ServiceStatus.Started);

            // the API stops answering: after two periods the gateway says its view is stale
            server.destroy();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                HttpResponse<String> r = gateway.get("/readyz");
                assertEquals(503, r.statusCode(), r.body());
                assertTrue(r.body().contains("\"status\":\"not_ready\""), r.body());
                assertTrue(r.body().contains("\"mode\":\"dynamic\""), r.body());
                assertTrue(r.body().contains("\"reason\":\"cache_sync_pending\""), r.body());
            });
        }
    }

    @Test
    void dynamicModeWithoutAReachableApiDoesNotStartAndSaysWhy() {
        Exception e = assertThrows(Exception.class, () -> GatewayHarness.start(CONFIG,
                Map.of("caravan.kubernetes.master", "http://127.0.0.1:1/"), Map.of("VMCP_NAMESPACE", NS)).close());
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof IllegalStateException)) {
            t = t.getCause();
        }
        assertTrue(t.getMessage().contains("the Kubernetes API did not answer a list of ToolHive resources in namespace "
                + NS), t.getMessage());
    }
}
