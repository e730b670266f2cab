package routes.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.RecordedRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline's contract is the Camel message: a user who replaces {@code backend-request} with a
 * YAML file of their own and adds a Kamelet from the Apache Camel catalog
 * ({@code insert-header-action}) and a plain {@code setHeader} sees both headers arrive at the
 * backend, on client calls and on health probes alike, and can read the documented exchange
 * properties (purpose, caller, JSON-RPC method). Camel's own headers and the client's
 * credentials still never arrive.
 */
class PipelineContractTest {

    private static final String OVERRIDE = """
            - route:
                id: backend-request
                from:
                  uri: "direct:backend-request"
                  steps:
                    - to: "direct:identity-propagation"
                    - to: "direct:header-forward"
                    - kamelet:
                        name: "insert-header-action?name=X-Kamelet-Step&value=from-kamelet"
                    - setHeader:
                        name: X-Plain-Step
                        constant: from-setheader
                    - setHeader:
                        name: X-Purpose
                        simple: "${exchangeProperty.caravanPurpose}"
                    - setHeader:
                        name: X-Caller
                        simple: "${exchangeProperty.caravanCaller.subject()}"
                    - setHeader:
                        name: X-Rpc-Method
                        simple: "${exchangeProperty.caravanRpcMethod}"
                    - to: "direct:outgoing-auth"
                    - to: "direct:backend-http"
            """;

    private static FixtureBackend alpha;
    private static GatewayHarness gateway;
    private static Path overrides;

    @BeforeAll
    static void start() throws Exception {
        alpha = FixtureBackend.start("alpha");
        overrides = Files.createTempDirectory("caravan-overrides");
        Files.writeString(overrides.resolve("backend-request.yaml"), OVERRIDE);
        gateway = GatewayHarness.start("""
                name: contract
                backends:
                  - name: alpha
                    url: %s
                    transport: streamable-http
                    headerForward:
                      addPlaintextHeaders: {X-Configured: configured}
                operational:
                  failureHandling:
                    healthCheckInterval: 1s
                    healthCheckTimeout: 500ms
                """.formatted(alpha.url()), Map.of(
                "camel.main.routes-include-pattern", "classpath:routes/*.yaml,file:" + overrides + "/*.yaml",
                // the built-in file, by its location; the override keeps the route id
                "camel.main.routes-exclude-pattern", "**/routes/backend-request.yaml"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        alpha.close();
        Files.deleteIfExists(overrides.resolve("backend-request.yaml"));
        Files.deleteIfExists(overrides);
    }

    @Test
    void headersAddedInThePipelineArriveOnClientCallsAndProbesAndNothingElseLeaks() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == 1);
        s.call("tools/call", "{\"name\":\"alpha_echo\",\"arguments\":{}}",
                Map.of("Authorization", "Bearer client-token", "Cookie", "sid=client-cookie", "X-Forwarded-For", "10.1.2.3"));

        RecordedRequest call = alpha.lastRequest("tools/call");
        assertPipelineHeaders(call, "client-call");
        assertEquals("anonymous", call.header("X-Caller"));
        assertEquals("tools/call", call.header("X-Rpc-Method"));
        assertNull(call.header("Authorization"), "the client's token must never reach a backend");
        assertNull(call.header("Cookie"));
        assertNull(call.header("X-Forwarded-For"));

        await().atMost(Duration.ofSeconds(15)).until(() -> withPurpose("probe").size() >= 2);
        RecordedRequest probe = withPurpose("probe").get(0);
        assertPipelineHeaders(probe, "probe");
        assertEquals("caravan", probe.header("X-Caller"), "the gateway's own traffic has its own identity");
        assertFalse(withPurpose("catalog").isEmpty(), "the catalog fetch goes through the same pipeline");

        for (RecordedRequest r : alpha.requests()) {
            assertTrue(r.headers().keySet().stream().noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("camel")
                    || h.toLowerCase(Locale.ROOT).startsWith("org.apache.camel")), "Camel headers leaked: " + r.headers().keySet());
            assertNull(r.header("Authorization"));
        }
    }

    private static void assertPipelineHeaders(RecordedRequest r, String purpose) {
        assertEquals("from-kamelet", r.header("X-Kamelet-Step"), "the Kamelet's header");
        assertEquals("from-setheader", r.header("X-Plain-Step"), "the setHeader's header");
        assertEquals("configured", r.header("X-Configured"), "header-forward still runs");
        assertEquals(purpose, r.header("X-Purpose"));
        assertEquals("application/json", r.header("Content-Type"));
    }

    private static List<RecordedRequest> withPurpose(String purpose) {
        return alpha.requests().stream().filter(r -> purpose.equals(r.header("X-Purpose"))).toList();
    }
}
