package routes.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.config.OperationalConfig.CircuitBreaker;
import routes.config.OperationalConfig.FailureHandling;
import routes.config.OperationalConfig.PartialFailureMode;
import routes.kernel.BackendSpec;

/** When the VirtualMCPServer status is written: after the first round, on change, every interval, while leading. */
@EnableKubernetesMockClient(crud = true)
class VirtualServerStatusReportTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NS = "tools";
    private static final FailureHandling SETTINGS = new FailureHandling(Duration.ofSeconds(30), 3, Duration.ofSeconds(10),
            PartialFailureMode.FAIL, CircuitBreaker.DEFAULT, null, null, Duration.ofSeconds(30));

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T10:00:00Z"));

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.set(now.get().plus(d));
        }
    }

    private final TestClock clock = new TestClock();
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final AtomicReference<List<BackendHealth>> health = new AtomicReference<>();
    private VirtualServerStatusReport report;

    @BeforeAll
    static void crd() {
        server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("toolhive.stacklok.dev")
                .withVersion("v1beta1").withPlural("virtualmcpservers").withKind("VirtualMCPServer").withScope("Namespaced")
                .withStatusSubresource(true).build());
    }

    @BeforeEach
    void setUp() {
        client.genericKubernetesResources(VirtualServerStatusWriter.VIRTUAL_MCP_SERVERS).inNamespace(NS)
                .resource(Serialization.unmarshal("{\"apiVersion\":\"toolhive.stacklok.dev/v1beta1\",\"kind\":\"VirtualMCPServer\","
                        + "\"metadata\":{\"name\":\"gateway\",\"namespace\":\"" + NS + "\"},\"spec\":{}}", GenericKubernetesResource.class))
                .create();
        VirtualServerStatusWriter writer = new VirtualServerStatusWriter(client, NS, "gateway", leading::get, clock);
        report = new VirtualServerStatusReport(() -> HealthSnapshot.of(true, health.get()), this::specs, () -> SETTINGS, writer,
                leading::get, clock);
    }

    @AfterEach
    void clean() {
        client.genericKubernetesResources(VirtualServerStatusWriter.VIRTUAL_MCP_SERVERS).inNamespace(NS).delete();
    }

    private Map<String, BackendSpec> specs() {
        Map<String, BackendSpec> specs = new LinkedHashMap<>();
        for (BackendHealth b : health.get()) {
            specs.put(b.name(), new BackendSpec(b.name(), URI.create("http://" + b.name() + ":8080/mcp"),
                    BackendSpec.Transport.STREAMABLE_HTTP, null, Duration.ofSeconds(30)));
        }
        return specs;
    }

    private BackendHealth probed(String name, HealthStatus status) {
        return new BackendHealth(name, status, 0, "ok", clock.instant(), Duration.ofMillis(3), "disabled");
    }

    private static Map<String, Object> status() {
        GenericKubernetesResource r = client.genericKubernetesResources(VirtualServerStatusWriter.VIRTUAL_MCP_SERVERS).inNamespace(NS)
                .withName("gateway").get();
        return VirtualServerStatusWriterTest.status(r);
    }

    @Test
    void theFirstReportWaitsForEveryBackendsFirstAnswer() {
        health.set(List.of(probed("a", HealthStatus.HEALTHY), BackendHealth.unprobed("b")));
        assertFalse(report.tick());
        clock.advance(Duration.ofSeconds(1));
        assertFalse(report.tick(), "b has no answer yet");
        assertEquals(null, status());

        health.set(List.of(probed("a", HealthStatus.HEALTHY), probed("b", HealthStatus.UNHEALTHY)));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(report.tick());
        assertEquals("Degraded", status().get("phase"));
    }

    @Test
    void aProbeThatNeverAnswersDelaysTheFirstReportByTwoTimeoutsAtMost() {
        health.set(List.of(probed("a", HealthStatus.HEALTHY), BackendHealth.unprobed("hung")));
        assertFalse(report.tick());
        clock.advance(Duration.ofSeconds(19));
        assertFalse(report.tick());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(report.tick(), "2 x healthCheckTimeout (10s) passed");
        assertEquals("Ready", status().get("phase"), "only answered backends count, as in ToolHive");
    }

    @Test
    void afterwardsOnChangeAndEveryInterval() {
        health.set(List.of(probed("a", HealthStatus.HEALTHY)));
        assertTrue(report.tick());

        clock.advance(Duration.ofSeconds(1));
        health.set(List.of(probed("a", HealthStatus.HEALTHY))); // a new probe, same verdict
        assertFalse(report.tick(), "only the probe time moved: wait for the interval");

        clock.advance(Duration.ofSeconds(1));
        health.set(List.of(probed("a", HealthStatus.UNHEALTHY)));
        assertTrue(report.tick(), "a backend went down: written at the next tick");
        assertEquals("Failed", status().get("phase"));

        clock.advance(Duration.ofSeconds(1));
        health.set(List.of(probed("a", HealthStatus.UNHEALTHY), probed("b", HealthStatus.HEALTHY)));
        assertTrue(report.tick(), "a registry change: written at the next tick");
        assertEquals(2, VirtualServerStatusWriterTest.backends(
                client.genericKubernetesResources(VirtualServerStatusWriter.VIRTUAL_MCP_SERVERS).inNamespace(NS).withName("gateway").get())
                .size());

        clock.advance(Duration.ofSeconds(29));
        assertFalse(report.tick());
        clock.advance(Duration.ofSeconds(1));
        health.set(List.of(probed("a", HealthStatus.UNHEALTHY), probed("b", HealthStatus.HEALTHY)));
        assertTrue(report.tick(), "statusReportingInterval passed");
        @SuppressWarnings("unchecked")
        Map<String, Object> b = ((List<Map<String, Object>>) status().get("discoveredBackends")).get(1);
        assertEquals(clock.instant().toString(), b.get("lastHealthCheck"), "the refresh brings the probe times up to date");
    }

    @Test
    void onlyWhileLeadingAndANewLeaderWritesAtOnce() {
        health.set(List.of(probed("a", HealthStatus.HEALTHY)));
        leading.set(false);
        assertFalse(report.tick());
        assertEquals(null, status());

        leading.set(true);
        assertTrue(report.tick());
        leading.set(false);
        clock.advance(Duration.ofSeconds(1));
        assertFalse(report.tick());
        leading.set(true);
        clock.advance(Duration.ofSeconds(1));
        assertTrue(report.tick(), "leadership regained: write at once, not after the interval");
    }
}
