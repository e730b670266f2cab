package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.backend.BackendClient;
import routes.kernel.BackendSpec;
import routes.protocol.Json;
import routes.registry.BackendRegistry;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The config file and a second source (the test, writing to the registry bean) side by side in the
 * real gateway: each replaces only its own backends, a name both claim is reported and served
 * from the file, and a removed backend leaves nothing behind.
 */
class RegistrySourcesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TEST_SOURCE = "test";

    private static FixtureBackend alpha;
    private static FixtureBackend beta;
    private static FixtureBackend gamma;

    @BeforeAll
    static void startBackends() {
        alpha = FixtureBackend.builder("alpha").tools("work").start();
        beta = FixtureBackend.builder("beta").tools("work").start();
        gamma = FixtureBackend.builder("gamma").tools("work").start();
    }

    @AfterAll
    static void stopBackends() {
        alpha.close();
        beta.close();
        gamma.close();
    }

    private static String config(FixtureBackend... backends) {
        StringBuilder yaml = new StringBuilder("name: sources\nbackends:\n");
        for (FixtureBackend b : backends) {
            yaml.append("  - name: ").append(b.name()).append("\n    url: ").append(b.url())
                    .append("\n    transport: streamable-http\n");
        }
        // a probe's timeout differs from the calls': the prober has endpoints of its own
        return yaml.append("""
                operational:
                  timeouts:
                    default: 2s
                  failureHandling:
                    healthCheckInterval: 500ms
                    healthCheckTimeout: 400ms
                    healthCheckMode: ping
                """).toString();
    }

    private static BackendSpec spec(String name, FixtureBackend at) {
        return new BackendSpec(name, URI.create(at.url()), BackendSpec.Transport.STREAMABLE_HTTP, null, Duration.ofSeconds(2));
    }

    private static BackendRegistry registry(GatewayHarness gw) {
        return gw.camel().getRegistry().lookupByNameAndType("backendRegistry", BackendRegistry.class);
    }

    private static BackendClient client(GatewayHarness gw, String bean) {
        return gw.camel().getRegistry().lookupByNameAndType(bean, BackendClient.class);
    }

    private static List<String> tools(McpHttpSession s) throws Exception {
        List<String> names = new ArrayList<>();
        s.call("tools/list", null).path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
        return names.stream().sorted().toList();
    }

    private static String callWork(McpHttpSession s, String tool) throws Exception {
        JsonNode r = s.call("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":{}}");
        return r.path("result").path("content").path(0).path("text").asText();
    }

    private static JsonNode conflicts(GatewayHarness gw) throws Exception {
        return Json.MAPPER.readTree(gw.get("/status").body()).path("conflicts");
    }

    /** The camel-http endpoints (the backends' connection pools), not platform-http's. */
    private static Set<Endpoint> httpEndpoints(CamelContext camel) {
        Set<Endpoint> found = new HashSet<>();
        for (Endpoint e : camel.getEndpoints()) {
            if (e instanceof HttpEndpoint) {
                found.add(e);
            }
        }
        return found;
    }

    private static long producersOf(CamelContext camel, Set<Endpoint> endpoints) {
        return camel.hasServices(Producer.class).stream().filter(p -> endpoints.contains(p.getEndpoint())).count();
    }

    private static void leaseFrom(Endpoint endpoint) throws Exception {
        HttpClientConnectionManager pool = ((HttpEndpoint) endpoint).getClientConnectionManager();
        pool.lease("check", new HttpRoute(new HttpHost("127.0.0.1", 9)), Timeout.ofSeconds(1), null).cancel();
    }

    @Test
    void theFileAndAnotherSourceEachReplaceOnlyTheirOwnBackends() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(config(alpha, beta))) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(WAIT).until(() -> tools(s).equals(List.of("alpha_work", "beta_work")));

            registry(gw).replace(TEST_SOURCE, List.of(spec("gamma", gamma)));
            await().atMost(WAIT).until(() -> tools(s).equals(List.of("alpha_work", "beta_work", "gamma_work")));
            assertTrue(callWork(s, "gamma_work").startsWith("gamma/work"));

            gw.rewriteConfig(config(alpha));
            await().atMost(WAIT).until(() -> tools(s).equals(List.of("alpha_work", "gamma_work")));
            assertEquals(Set.of("gamma"), registry(gw).claims(TEST_SOURCE).keySet(), "the file's change left the test source alone");
            assertTrue(callWork(s, "gamma_work").startsWith("gamma/work"));

            registry(gw).replace(TEST_SOURCE, List.of());
            await().atMost(WAIT).until(() -> tools(s).equals(List.of("alpha_work")));
            assertEquals(Set.of("alpha"), registry(gw).claims(BackendRegistry.CONFIG_FILE).keySet());
            await().atMost(WAIT).until(() -> GatewayHealth.read(gw).names().equals(List.of("alpha")));
        }
    }

    @Test
    void aNameBothSourcesClaimIsReportedAndServedFromTheFile() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(config(alpha));
             LogCapture logs = LogCapture.start()) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(WAIT).until(() -> tools(s).equals(List.of("alpha_work")));
            assertEquals("[]", conflicts(gw).toString());

            // the test source points the name alpha at another server
            registry(gw).replace(TEST_SOURCE, List.of(spec("alpha", gamma)));
            registry(gw).replace(TEST_SOURCE, List.of(spec("alpha", gamma), spec("delta", gamma)));
            assertEquals("[{\"name\":\"alpha\",\"source\":\"config-file\",\"ignoredSources\":[\"test\"]}]",
                    conflicts(gw).toString());
            List<String> warned = logs.linesContaining("Backend name 'alpha' is claimed by more than one source");
            assertEquals(1, warned.size(), "logged once: " + warned);
            assertTrue(warned.get(0).startsWith("WARN"), warned.get(0));
            assertTrue(callWork(s, "alpha_work").startsWith("alpha/work"), "never merged: the file's backend answers");

            registry(gw).replace(TEST_SOURCE, List.of());
            assertEquals("[]", conflicts(gw).toString());
            assertEquals(List.of("alpha"), GatewayHealth.read(gw).names());
        }
    }

    @Test
    void aRemovedBackendLeavesNoEndpointPoolSessionOrHealthEntryBehind() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(config(alpha))) {
            CamelContext camel = gw.camel();
            BackendClient clients = client(gw, "backendClient");
            BackendClient prober = client(gw, "healthProbeClient");
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(WAIT).until(() -> GatewayHealth.read(gw).statusOf("alpha").equals("healthy"));
            assertTrue(callWork(s, "alpha_work").startsWith("alpha/work"));
            Set<Endpoint> before = httpEndpoints(camel);
            int clientSessions = clients.sessionCount();
            int probeSessions = prober.sessionCount();

            registry(gw).replace(TEST_SOURCE, List.of(spec("gamma", gamma)));
            await().atMost(WAIT).until(() -> GatewayHealth.read(gw).statusOf("gamma").equals("healthy"));
            await().atMost(WAIT).until(() -> tools(s).contains("gamma_work"));
            assertTrue(callWork(s, "gamma_work").startsWith("gamma/work"));
            Set<Endpoint> gammas = httpEndpoints(camel);
            gammas.removeAll(before);
            assertEquals(2, gammas.size(), "one endpoint for calls, one for probes (their own timeout): " + gammas);
            assertEquals(clientSessions + 2, clients.sessionCount(), "the catalog's and the caller's sessions with gamma");
            assertEquals(probeSessions + 1, prober.sessionCount(), "the prober's ping session");
            assertEquals(0, producersOf(camel, gammas), "the HTTP step sends on each endpoint's own client, no producer");
            for (Endpoint e : gammas) {
                leaseFrom(e);
            }

            registry(gw).replace(TEST_SOURCE, List.of());
            assertEquals(clientSessions, clients.sessionCount(), "sessions end at once");
            assertEquals(probeSessions, prober.sessionCount());
            assertEquals(List.of("alpha"), GatewayHealth.read(gw).names(), "the health entry goes at once");
            // endpoints go once no request can still be waiting on them (the backend's timeout)
            await().atMost(WAIT).until(() -> httpEndpoints(camel).equals(before));
            for (Endpoint e : gammas) {
                assertTrue(((HttpEndpoint) e).isStopped(), e.getEndpointUri());
                IllegalStateException closed = assertThrows(IllegalStateException.class, () -> leaseFrom(e));
                assertTrue(closed.getMessage().contains("shut down"), closed.getMessage());
            }
            await().atMost(WAIT).until(() -> !tools(s).contains("gamma_work"));

            // the same spec again gets fresh endpoints, never a stopped one
            registry(gw).replace(TEST_SOURCE, List.of(spec("gamma", gamma)));
            await().atMost(WAIT).until(() -> tools(s).contains("gamma_work"));
            assertTrue(callWork(s, "gamma_work").startsWith("gamma/work"));
            Set<Endpoint> again = httpEndpoints(camel);
            again.removeAll(before);
            assertFalse(again.isEmpty());
            again.forEach(e -> assertFalse(gammas.contains(e), "a removed endpoint came back: " + e.getEndpointUri()));
            assertTrue(callWork(s, "alpha_work").startsWith("alpha/work"), "the file's backend served throughout");
        }
    }
}
