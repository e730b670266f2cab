package routes.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.discovery.kubernetes.WorkloadKind;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.RecordedRequest;
import routes.testing.ToolHiveCluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's dynamic walkthrough, under ToolHive's operator (VMCP_NAME and VMCP_NAMESPACE set, so
 * an entry counts once its status.phase is Valid): resources on fabric8's mock API server (CRUD
 * mode), real MCP backends, the MCP Java SDK as the client. No restart anywhere.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesDiscoveryTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NS = "tools";
    private static ToolHiveCluster cluster;
    private static FixtureBackend alpha;
    private static FixtureBackend beta;
    private static FixtureBackend gamma;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        cluster = new ToolHiveCluster(server, client, NS);
        alpha = FixtureBackend.builder("alpha").tools("search").start();
        beta = FixtureBackend.builder("beta").tools("translate").start();
        gamma = FixtureBackend.builder("gamma").tools("fetch").start();
        cluster.group("team");
        cluster.secret("copilot", "token", "key-v1");
        cluster.virtualServer("vmcp", "team");
        cluster.entry("alpha", "team", alpha.url(),
                ToolHiveCluster.headerForward(Map.of("X-MCP-Toolsets", "repos"), "X-Api-Key", "copilot", "token"), "Valid");
        gateway = GatewayHarness.start("""
                name: vmcp
                groupRef: team
                incomingAuth: {type: anonymous}
                outgoingAuth: {source: discovered}
                operational:
                  failureHandling: {healthCheckInterval: 1s}
                """, Map.of("caravan.kubernetes.master", cluster.masterUrl(), "caravan.kubernetes.resync-interval", "1000"),
                Map.of("VMCP_NAME", "vmcp", "VMCP_NAMESPACE", NS));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        alpha.close();
        beta.close();
        gamma.close();
    }

    private static McpSyncClient sdk() {
        McpSyncClient c = GatewayEndToEndTest.client(gateway);
        c.initialize();
        return c;
    }

    private static List<String> tools(McpSyncClient c) {
        return GatewayEndToEndTest.toolNames(c);
    }

    private static RecordedRequest lastCall(FixtureBackend backend) {
        return backend.lastRequest("tools/call");
    }

    @Test
    void anEntryServesItsToolsWithItsHeadersAndFollowsEveryChangeWithoutARestart() {
        try (McpSyncClient c = sdk()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> tools(c).contains("alpha_search"));
            c.callTool(new McpSchema.CallToolRequest("alpha_search", Map.of("q", "x")));
            assertEquals("repos", lastCall(alpha).header("X-MCP-Toolsets"));
            assertEquals("key-v1", lastCall(alpha).header("X-Api-Key"));
            // the probes carry them too: every request the backend saw did
            assertTrue(alpha.requests().stream().allMatch(r -> "key-v1".equals(r.header("X-Api-Key"))
                    && "repos".equals(r.header("X-MCP-Toolsets"))), "a request went out without the entry's headers");

            cluster.edit(WorkloadKind.MCP_SERVER_ENTRY, "alpha", r -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
                spec.putAll(ToolHiveCluster.headerForward(Map.of("X-MCP-Toolsets", "issues"), "X-Api-Key", "copilot", "token"));
            });
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                c.callTool(new McpSchema.CallToolRequest("alpha_search", Map.of("q", "x")));
                assertEquals("issues", lastCall(alpha).header("X-MCP-Toolsets"));
            });

            cluster.secret("copilot", "token", "key-v2");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                c.callTool(new McpSchema.CallToolRequest("alpha_search", Map.of("q", "x")));
                assertEquals("key-v2", lastCall(alpha).header("X-Api-Key"));
            });
        }
    }

    @Test
    void anMcpServerAndAnMcpRemoteProxyJoinAtTheirStatusUrlAndLeaveWhenDeleted() {
        try (McpSyncClient c = sdk()) {
            cluster.server(WorkloadKind.MCP_SERVER, "beta", "team", beta.url(), Map.of());
            cluster.server(WorkloadKind.MCP_REMOTE_PROXY, "gamma", "team", gamma.url(), Map.of());
            await().atMost(Duration.ofSeconds(15)).until(() -> tools(c).containsAll(List.of("beta_translate", "gamma_fetch")));
            McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest("gamma_fetch", Map.of("q", "y")));
            assertFalse(Boolean.TRUE.equals(r.isError()));

            cluster.delete(WorkloadKind.MCP_SERVER, "beta");
            cluster.delete(WorkloadKind.MCP_REMOTE_PROXY, "gamma");
            await().atMost(Duration.ofSeconds(15)).until(() -> !tools(c).contains("beta_translate") && !tools(c).contains("gamma_fetch"));
        }
    }

    @Test
    void anEntryTheOperatorHasNotValidatedIsNotUsedUntilItIs() {
        try (McpSyncClient c = sdk()) {
            cluster.server(WorkloadKind.MCP_SERVER, "other-group", "elsewhere", beta.url(), Map.of());
            cluster.entry("pending", "team", beta.url(), Map.of(), null);
            cluster.entry("failed", "team", beta.url(), Map.of(), "Failed");
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> tools(c).stream().noneMatch(t -> t.startsWith("pending_") || t.startsWith("failed_")
                            || t.startsWith("other-group_")));
            cluster.entry("pending", "team", beta.url(), Map.of(), "Valid");
            await().atMost(Duration.ofSeconds(15)).until(() -> tools(c).contains("pending_translate"));
            cluster.delete(WorkloadKind.MCP_SERVER_ENTRY, "pending");
            cluster.delete(WorkloadKind.MCP_SERVER_ENTRY, "failed");
            cluster.delete(WorkloadKind.MCP_SERVER, "other-group");
            await().atMost(Duration.ofSeconds(15)).until(() -> !tools(c).contains("pending_translate"));
        }
    }

    @Test
    void theVirtualMcpServerStatusSaysWhatTheOperatorReadsAndFollowsABackendGoingDown() {
        try (FixtureBackend delta = FixtureBackend.builder("delta").tools("ping").start()) {
            cluster.entry("delta", "team", delta.url(), Map.of(), "Valid");
            await().atMost(Duration.ofSeconds(20)).until(() -> "ready".equals(discovered("delta")));
            Map<String, Object> status = cluster.virtualServerStatus("vmcp");
            assertTrue(List.of("Ready", "Degraded").contains(status.get("phase")), status.toString());
            assertTrue(((Number) status.get("backendCount")).intValue() >= 2, status.toString());
            assertTrue(status.toString().contains("type=Ready"), status.toString());
            assertTrue(status.toString().contains("type=BackendsDiscovered"), status.toString());

            delta.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> "unavailable".equals(discovered("delta")));
            cluster.delete(WorkloadKind.MCP_SERVER_ENTRY, "delta");
            await().atMost(Duration.ofSeconds(15)).until(() -> discovered("delta") == null);
        }
    }

    /** The status the VirtualMCPServer's discoveredBackends[] gives this backend, or null. */
    @SuppressWarnings("unchecked")
    private static String discovered(String backend) {
        Map<String, Object> status = cluster.virtualServerStatus("vmcp");
        if (status == null || !(status.get("discoveredBackends") instanceof List<?> list)) {
            return null;
        }
        return list.stream().map(b -> (Map<String, Object>) b).filter(b -> backend.equals(b.get("name")))
                .map(b -> (String) b.get("status")).findFirst().orElse(null);
    }

    @Test
    void aDeletedEntryTakesItsToolsAway() {
        try (McpSyncClient c = sdk()) {
            cluster.entry("temp", "team", gamma.url(), Map.of(), "Valid");
            await().atMost(Duration.ofSeconds(15)).until(() -> tools(c).contains("temp_fetch"));
            cluster.delete(WorkloadKind.MCP_SERVER_ENTRY, "temp");
            await().atMost(Duration.ofSeconds(15)).until(() -> !tools(c).contains("temp_fetch"));
        }
    }
}
