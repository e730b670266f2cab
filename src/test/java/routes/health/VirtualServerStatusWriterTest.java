package routes.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.kernel.BackendSpec;
import routes.kernel.FailureCategory;

/** The VirtualMCPServer status on fabric8's CRUD mock, with the status subresource on. */
@EnableKubernetesMockClient(crud = true)
class VirtualServerStatusWriterTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NS = "tools";
    private static final Instant PROBED = Instant.parse("2026-11-26T10:00:00Z");
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:05Z"), ZoneOffset.UTC);

    @BeforeAll
    static void crd() {
        server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("toolhive.stacklok.dev")
                .withVersion("v1beta1").withPlural("virtualmcpservers").withKind("VirtualMCPServer").withScope("Namespaced")
                .withStatusSubresource(true).build());
    }

    /** The VirtualMCPServer as the operator leaves it: spec, its url and its own conditions. */
    @BeforeEach
    void operatorCreatesTheServer() {
        GenericKubernetesResource vmcp = Serialization.unmarshal("{\"apiVersion\":\"toolhive.stacklok.dev/v1beta1\","
                + "\"kind\":\"VirtualMCPServer\",\"metadata\":{\"name\":\"gateway\",\"namespace\":\"" + NS + "\"},"
                + "\"spec\":{\"groupRef\":{\"name\":\"team\"}}}", GenericKubernetesResource.class);
        client.genericKubernetesResources(VirtualServerStatusWriter.VIRTUAL_MCP_SERVERS).inNamespace(NS).resource(vmcp).create();
        GenericKubernetesResource created = read();
        created.setAdditionalProperty("status", Map.of("url", "http://vmcp-gateway.tools.svc:4483", "phase", "Pending",
                "conditions", List.of(Map.of("type", "Valid", "status", "True", "reason", "ValidationSucceeded", "message", "ok",
                        "lastTransitionTime", "2026-11-26T09:00:00Z"))));
        client.genericKubernetesResources(VirtualServerStatusWriter.VIRTUAL_MCP_SERVERS).inNamespace(NS).resource(created).updateStatus();
    }

    @AfterEach
    void clean() {
        client.genericKubernetesResources(VirtualServerStatusWriter.VIRTUAL_MCP_SERVERS).inNamespace(NS).delete();
        client.leases().inNamespace(NS).delete();
    }

    private static GenericKubernetesResource read() {
        return client.genericKubernetesResources(VirtualServerStatusWriter.VIRTUAL_MCP_SERVERS).inNamespace(NS)
                .withName("gateway").get();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("status");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> condition(GenericKubernetesResource r, String type) {
        return ((List<Map<String, Object>>) status(r).get("conditions")).stream().filter(c -> type.equals(c.get("type"))).findFirst()
                .orElse(null);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> backends(GenericKubernetesResource r) {
        return (List<Map<String, Object>>) status(r).get("discoveredBackends");
    }

    static BackendHealth healthy(String name) {
        return new BackendHealth(name, HealthStatus.HEALTHY, 0, "ok", PROBED, Duration.ofMillis(4), "disabled");
    }

    static BackendHealth down(String name) {
        return new BackendHealth(name, HealthStatus.UNHEALTHY, 3, "refused", PROBED, Duration.ofMillis(4), "disabled",
                FailureCategory.CONNECTION, PROBED, "connect to 10.1.2.3 refused", null);
    }

    static BackendHealth slow(String name) {
        return new BackendHealth(name, HealthStatus.DEGRADED, 0, "slow", PROBED, Duration.ofSeconds(6), "disabled");
    }

    static VirtualServerStatus.Report report(BackendHealth... backends) {
        List<BackendHealth> list = List.of(backends);
        Map<String, BackendSpec> specs = new java.util.LinkedHashMap<>();
        for (BackendHealth b : list) {
            specs.put(b.name(), new BackendSpec(b.name(), URI.create("http://" + b.name() + ".tools.svc:8080/mcp"),
                    BackendSpec.Transport.STREAMABLE_HTTP, null, Duration.ofSeconds(30)));
        }
        return VirtualServerStatus.of(HealthSnapshot.of(true, list), specs);
    }

    @Test
    void writesToolHivesStatusAndKeepsWhatTheOperatorWrote() {
        VirtualServerStatusWriter writer = new VirtualServerStatusWriter(client, NS, "gateway", () -> true, clock);
        assertTrue(writer.write(report(healthy("github"), slow("jira"))));

        GenericKubernetesResource r = read();
        Map<String, Object> s = status(r);
        assertEquals("Degraded", s.get("phase"), "degraded is not routable for ToolHive");
        assertEquals("1/2 backends routable (1 degraded, 0 unhealthy, 0 unknown)", s.get("message"));
        assertEquals(1, ((Number) s.get("backendCount")).intValue());
        assertEquals(((Number) r.getMetadata().getGeneration()).longValue(), ((Number) s.get("observedGeneration")).longValue());
        assertEquals("http://vmcp-gateway.tools.svc:4483", s.get("url"), "the operator's url is kept");
        assertEquals("ValidationSucceeded", condition(r, "Valid").get("reason"), "the operator's condition is kept");
        assertEquals("SomeBackendsUnhealthy", condition(r, "Ready").get("reason"));
        assertEquals("False", condition(r, "Ready").get("status"));
        assertEquals("BackendsDiscovered", condition(r, "BackendsDiscovered").get("reason"));
        assertEquals("1 backends degraded", condition(r, "Degraded").get("message"));
        assertEquals(Map.of("groupRef", Map.of("name", "team")), r.getAdditionalProperties().get("spec"));

        Map<String, Object> github = backends(r).get(0);
        assertEquals("github", github.get("name"));
        assertEquals("ready", github.get("status"));
        assertEquals("http://github.tools.svc:8080/mcp", github.get("url"));
        assertEquals("2026-11-26T10:00:00Z", github.get("lastHealthCheck"));
        assertEquals("Healthy", github.get("message"));
        assertEquals("closed", github.get("circuitBreakerState"));
        assertEquals(0, ((Number) github.get("consecutiveFailures")).intValue());
        assertEquals("degraded", backends(r).get(1).get("status"));
    }

    @Test
    void aBackendGoingDownUpdatesTheStatus() {
        Clock later = Clock.fixed(Instant.parse("2026-11-26T10:01:00Z"), ZoneOffset.UTC);
        new VirtualServerStatusWriter(client, NS, "gateway", () -> true, clock).write(report(healthy("github"), slow("jira")));
        String readySince = (String) condition(read(), "Ready").get("lastTransitionTime");
        String discoveredSince = (String) condition(read(), "BackendsDiscovered").get("lastTransitionTime");

        assertTrue(new VirtualServerStatusWriter(client, NS, "gateway", () -> true, later).write(report(healthy("github"), down("jira"))));
        GenericKubernetesResource r = read();
        assertEquals("Degraded", status(r).get("phase"));
        assertEquals("unavailable", backends(r).get(1).get("status"));
        assertEquals("Connection failed (failures: 3)", backends(r).get(1).get("message"));
        assertFalse(r.toString().contains("10.1.2.3"));
        assertNull(condition(r, "Degraded"), "no degraded backend: the Degraded condition goes");
        assertEquals(readySince, condition(r, "Ready").get("lastTransitionTime"), "Ready stayed False");
        assertEquals(discoveredSince, condition(r, "BackendsDiscovered").get("lastTransitionTime"));

        new VirtualServerStatusWriter(client, NS, "gateway", () -> true, later).write(report(down("github"), down("jira")));
        r = read();
        assertEquals("Failed", status(r).get("phase"));
        assertEquals("NoRoutableBackends", condition(r, "Ready").get("reason"));
        assertEquals(0, ((Number) status(r).get("backendCount")).intValue());
    }

    @Test
    void anUnchangedStatusIsNotWrittenAgain() {
        VirtualServerStatusWriter writer = new VirtualServerStatusWriter(client, NS, "gateway", () -> true, clock);
        assertTrue(writer.write(report(healthy("github"))));
        String version = read().getMetadata().getResourceVersion();
        assertTrue(writer.write(report(healthy("github"))));
        assertEquals(version, read().getMetadata().getResourceVersion());
    }

    @Test
    void aConflictIsRetriedOnAFreshRead() {
        server.expect().put().withPath("/apis/toolhive.stacklok.dev/v1beta1/namespaces/" + NS + "/virtualmcpservers/gateway/status")
                .andReturn(409, "{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\"}").once();
        int before = server.getRequestCount();
        assertTrue(new VirtualServerStatusWriter(client, NS, "gateway", () -> true, clock).write(report(healthy("github"))));
        assertEquals(4, server.getRequestCount() - before, "GET, PUT 409, GET, PUT");
        assertEquals("Ready", status(read()).get("phase"));
    }

    @Test
    void nothingIsWrittenWhenNotLeadingOrWhenTheServerIsMissing() {
        assertFalse(new VirtualServerStatusWriter(client, NS, "gateway", () -> false, clock).write(report(healthy("github"))));
        assertEquals("Pending", status(read()).get("phase"));
        assertFalse(new VirtualServerStatusWriter(client, NS, "other", () -> true, clock).write(report(healthy("github"))));
    }

    /** A leader elector as the gateway runs one (LeaseLeadership lives in routes.discovery, which health may not see). */
    private static final class Elector implements BooleanSupplier {
        final AtomicBoolean leading = new AtomicBoolean();
        final CompletableFuture<?> run;

        Elector(String identity) {
            run = client.leaderElector().withConfig(new LeaderElectionConfigBuilder().withName("caravan-status")
                    .withLock(new LeaseLock(NS, "caravan-status", identity)).withLeaseDuration(Duration.ofSeconds(1))
                    .withRenewDeadline(Duration.ofMillis(800)).withRetryPeriod(Duration.ofMillis(200)).withReleaseOnCancel(true)
                    .withLeaderCallbacks(new LeaderCallbacks(() -> leading.set(true), () -> leading.set(false), who -> { }))
                    .build()).build().start();
        }

        @Override
        public boolean getAsBoolean() {
            return leading.get();
        }

        void close() {
            leading.set(false);
            run.cancel(true);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50); // a replica's report rhythm, compressed; not an assertion
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void onlyTheLeadersWritesLandAndTheOtherTakesOver() {
        Elector a = new Elector("pod-a");
        await().atMost(Duration.ofSeconds(10)).until(a::getAsBoolean);
        Elector b = new Elector("pod-b");
        try {
            VirtualServerStatusWriter writerA = new VirtualServerStatusWriter(client, NS, "gateway", a, clock);
            VirtualServerStatusWriter writerB = new VirtualServerStatusWriter(client, NS, "gateway", b, clock);
            // both replicas report what they see, over several lease periods: only pod-a's lands
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                writerA.write(report(healthy("seen-by-a")));
                assertFalse(writerB.write(report(healthy("seen-by-b"))), "the follower must not write");
                assertEquals("seen-by-a", backends(read()).get(0).get("name"));
                pause();
            }
            a.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> writerB.write(report(healthy("seen-by-b"))));
            assertEquals("seen-by-b", backends(read()).get(0).get("name"));
            assertFalse(writerA.write(report(healthy("seen-by-a"))), "the old leader stopped writing");
        } finally {
            a.close();
            b.close();
        }
    }
}
