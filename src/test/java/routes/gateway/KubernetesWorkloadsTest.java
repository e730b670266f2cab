package routes.gateway;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
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
import routes.testing.SdkServerBackend;
import routes.testing.TestPki;
import routes.testing.ToolHiveCluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a workload brings besides its URL: its CA bundle from a ConfigMap, its outgoing auth from an
 * MCPExternalAuthConfig (with the value in a Secret), and what is left out and why; and static and
 * discovered backends served side by side.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesWorkloadsTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NS = "workloads";
    private static ToolHiveCluster cluster;
    private static TestPki pki;
    private static SdkServerBackend secure;
    private static FixtureBackend plain;
    private static FixtureBackend fileBackend;

    @BeforeAll
    static void start() {
        cluster = new ToolHiveCluster(server, client, NS);
        pki = TestPki.create("Caravan Kubernetes CA");
        secure = SdkServerBackend.builder("secure").tools("hello").https(pki.server("ip:127.0.0.1")).start();
        plain = FixtureBackend.builder("plain").tools("search").start();
        fileBackend = FixtureBackend.builder("static").tools("lookup").start();
        cluster.group("team");
    }

    @AfterAll
    static void stop() {
        secure.close();
        plain.close();
        fileBackend.close();
        pki.close();
    }

    private static GatewayHarness gateway(String config, Map<String, String> extra) throws Exception {
        Map<String, String> props = new java.util.HashMap<>(Map.of("caravan.kubernetes.master", cluster.masterUrl(),
                "caravan.kubernetes.resync-interval", "1000"));
        props.putAll(extra);
        return GatewayHarness.start(config, props, Map.of("VMCP_NAME", "vmcp", "VMCP_NAMESPACE", NS));
    }

    private static final String DYNAMIC = """
            name: vmcp
            groupRef: team
            incomingAuth: {type: anonymous}
            outgoingAuth: {source: discovered}
            operational:
              failureHandling: {healthCheckInterval: 1s}
            """;

    @Test
    void anEntrysCaBundleRefAndAuthConfigApplyAndWhatCannotBeUsedIsLeftOut() throws Exception {
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("secure-ca")
                .withNamespace(NS).endMetadata().withData(Map.of("ca.crt", pki.caPem())).build()).create();
        cluster.secret("backend-token", "value", "Bearer t-1");
        cluster.put(WorkloadKind.MCP_EXTERNAL_AUTH_CONFIG, "token-auth", Map.of("type", "headerInjection",
                "headerInjection", Map.of("headerName", "Authorization", "valueSecretRef", Map.of("name", "backend-token", "key", "value"))), null);
        cluster.put(WorkloadKind.MCP_EXTERNAL_AUTH_CONFIG, "exchange", Map.of("type", "tokenExchange",
                "tokenExchange", Map.of("tokenUrl", "https://sts.example.com/token")), null);
        cluster.entry("secure", "team", secure.url(), Map.of("caBundleRef", Map.of("configMapRef", Map.of("name", "secure-ca")),
                "externalAuthConfigRef", Map.of("name", "token-auth")), "Valid");
        cluster.entry("exchanged", "team", plain.url(), Map.of("externalAuthConfigRef", Map.of("name", "exchange")), "Valid");
        cluster.entry("no-ca", "team", secure.url(), Map.of("caBundleRef", Map.of("configMapRef", Map.of("name", "absent"))), "Valid");
        cluster.entry("bad-header", "team", plain.url(), Map.of("headerForward", Map.of("addPlaintextHeaders", Map.of("Host", "x"))), "Valid");
        try (GatewayHarness gateway = gateway(DYNAMIC, Map.of()); McpSyncClient c = GatewayEndToEndTest.client(gateway)) {
            c.initialize();
            await().atMost(Duration.ofSeconds(15)).until(() -> GatewayEndToEndTest.toolNames(c).contains("secure_hello"));
            McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest("secure_hello", Map.of()));
            assertFalse(Boolean.TRUE.equals(r.isError()));
            List<String> auth = secure.requests("POST", "tools/call").stream().map(q -> q.header("Authorization")).toList();
            assertEquals(List.of("Bearer t-1"), auth);
            // a missing CA ConfigMap and a restricted header leave theirs out; the token exchange backend is
            // listed (the gateway lists it without a user) but an anonymous caller has no token to exchange
            await().atMost(Duration.ofSeconds(15)).until(() -> GatewayEndToEndTest.toolNames(c).contains("exchanged_search"));
            assertEquals(List.of("exchanged_search", "secure_hello"), GatewayEndToEndTest.toolNames(c));
            McpSchema.CallToolResult refused = c.callTool(new McpSchema.CallToolRequest("exchanged_search", Map.of()));
            assertEquals(Boolean.TRUE, refused.isError());
            assertTrue(((McpSchema.TextContent) refused.content().get(0)).text()
                    .contains("its token exchange needs the caller's bearer token"), refused.toString());
            assertTrue(plain.requests().stream().noneMatch(q -> q.hasHeader("Authorization")));

            cluster.secret("backend-token", "value", "Bearer t-2");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                c.callTool(new McpSchema.CallToolRequest("secure_hello", Map.of()));
                List<String> seen = secure.requests("POST", "tools/call").stream().map(q -> q.header("Authorization")).toList();
                assertEquals("Bearer t-2", seen.get(seen.size() - 1));
            });
        }
        for (String e : List.of("secure", "exchanged", "no-ca", "bad-header")) {
            cluster.delete(WorkloadKind.MCP_SERVER_ENTRY, e);
        }
    }

    @Test
    void staticAndDiscoveredBackendsServeSideBySide() throws Exception {
        cluster.entry("found", "team", plain.url(), Map.of(), "Valid");
        String both = """
                name: vmcp
                groupRef: team
                backends:
                  - {name: static, url: "%s", transport: streamable-http}
                """.formatted(fileBackend.url());
        try (GatewayHarness gateway = gateway(both, Map.of("caravan.kubernetes.discovery", "true"));
             McpSyncClient c = GatewayEndToEndTest.client(gateway)) {
            c.initialize();
            await().atMost(Duration.ofSeconds(15)).until(() -> GatewayEndToEndTest.toolNames(c)
                    .equals(List.of("found_search", "static_lookup")));
        }
        cluster.delete(WorkloadKind.MCP_SERVER_ENTRY, "found");
    }
}
