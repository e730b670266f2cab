package routes.gateway;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.model.FilterDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.kernel.AuthStrategy;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.HeaderForward;
import routes.kernel.Pipeline;
import routes.mcp.McpExchange;
import routes.testing.FixtureBackend;
import routes.testing.RecordedRequest;
import routes.testing.GatewayHarness;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gates of the request path's optional steps (routes.kernel.StepGate): with nothing
 * configured a tools/call passes every optional step by; a configured step is entered; a step
 * whose route an override file replaces is entered whatever the config says, also when the file
 * arrives while the gateway runs. (Every end-to-end test of authorization, rate limits, audit,
 * header forwarding and outgoing auth goes through these gates too.)
 */
class StepGatesTest {

    private static final List<String> GATES = List.of("authorizationGate", "rateLimitGate", "auditGate",
            "identityPropagationGate", "headerForwardGate", "outgoingAuthGate");
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @TempDir
    Path dir;
    private FixtureBackend backend;
    private GatewayHarness gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private void start(String extraConfig) throws Exception {
        backend = FixtureBackend.builder("echo").tools("echo").start();
        gateway = GatewayHarness.start("""
                name: gates
                operational:
                  failureHandling: {healthCheckInterval: 1h}
                backends:
                  - {name: echo, url: %s, transport: streamable-http}
                %s""".formatted(backend.url(), extraConfig), Map.of("caravan.routes.override-dir", dir.toString(),
                "caravan.routes.reload-interval", "200"));
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(20)).until(() -> s.call("tools/list", null).toString().contains("echo_echo"));
    }

    /** A tools/call as the gates see it: at the front door, and as the outbound message to {@code backend}. */
    private Exchange toolCall(BackendSpec spec, CallerIdentity caller) {
        Exchange e = new DefaultExchange(gateway.camel());
        e.setProperty(McpExchange.METHOD, "tools/call");
        e.setProperty(Pipeline.BACKEND, spec);
        e.setProperty(Pipeline.CALLER, caller);
        return e;
    }

    private boolean entered(String gate, Exchange exchange) {
        return gateway.camel().getRegistry().lookupByNameAndType(gate, Predicate.class).matches(exchange);
    }

    private BackendSpec plainSpec() {
        return new BackendSpec("echo", URI.create(backend.url()), BackendSpec.Transport.STREAMABLE_HTTP, null, Duration.ofSeconds(5));
    }

    private String lastCallsHeader(String name) {
        List<RecordedRequest> calls = backend.requests("tools/call");
        return calls.get(calls.size() - 1).header(name);
    }

    @Test
    void withNothingConfiguredEveryOptionalStepIsPassedBy() throws Exception {
        start("");
        Exchange call = toolCall(plainSpec(), CallerIdentity.anonymous(null, null));
        for (String gate : GATES) {
            assertFalse(entered(gate, call), gate + " lets a tools/call with nothing to do pass by");
        }
        assertTrue(McpHttpSession.open(gateway).call("tools/call", "{\"name\":\"echo_echo\",\"arguments\":{}}").has("result"));
        for (String gate : GATES) {
            assertTrue(gatedRoutes().contains(gate), "a built-in route calls its step through " + gate + ": " + gatedRoutes());
        }
    }

    /** The gates the built-in routes' filters name. */
    private List<String> gatedRoutes() {
        List<String> gates = new ArrayList<>();
        for (RouteDefinition route : ((ModelCamelContext) gateway.camel()).getRouteDefinitions()) {
            for (FilterDefinition f : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), FilterDefinition.class)) {
                if ("ref".equals(f.getExpression().getLanguage())) {
                    gates.add(f.getExpression().getExpression());
                }
            }
        }
        return gates;
    }

    @Test
    void aStepWithWorkIsEntered() throws Exception {
        start("""
                rateLimiting:
                  shared: {maxTokens: 100, refillPeriod: 1m}
                audit:
                  logFile: "%s"
                """.formatted(dir.resolve("audit.log")));
        BackendSpec spec = new BackendSpec("echo", URI.create(backend.url()), BackendSpec.Transport.STREAMABLE_HTTP, null,
                Duration.ofSeconds(5), new HeaderForward(Map.of("X-Tenant", "t1"), Map.of()),
                new AuthStrategy.HeaderInjection("X-Api-Key", "k", null), null);
        Exchange call = toolCall(spec, CallerIdentity.anonymous(TRACEPARENT, null));
        for (String gate : List.of("rateLimitGate", "auditGate", "identityPropagationGate", "headerForwardGate", "outgoingAuthGate")) {
            assertTrue(entered(gate, call), gate);
        }
        Exchange read = toolCall(plainSpec(), CallerIdentity.anonymous(null, null));
        read.setProperty(McpExchange.METHOD, "resources/read");
        assertFalse(entered("rateLimitGate", read), "only tool calls are rate-limited");
        Exchange passthrough = toolCall(plainSpec(), CallerIdentity.anonymous(null, null));
        passthrough.setProperty(Pipeline.PASSTHROUGH_HEADERS, Map.of("X-Client", "c"));
        assertTrue(entered("headerForwardGate", passthrough), "the client's passthrough headers are forwarded");
    }

    @Test
    void aStepReplacedWhileTheGatewayRunsIsEnteredThoughItHasNothingToDo() throws Exception {
        start("");
        McpHttpSession client = McpHttpSession.open(gateway);
        assertTrue(client.call("tools/call", "{\"name\":\"echo_echo\",\"arguments\":{}}").has("result"));
        assertNull(lastCallsHeader("X-Override"));

        Files.writeString(dir.resolve("outgoing-auth.yaml"), """
                - route:
                    id: outgoing-auth
                    from:
                      uri: "direct:outgoing-auth"
                      steps:
                        - process:
                            ref: outgoingAuth
                        - setHeader:
                            name: X-Override
                            constant: "replaced"
                """);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            client.call("tools/call", "{\"name\":\"echo_echo\",\"arguments\":{}}");
            return "replaced".equals(lastCallsHeader("X-Override"));
        });
        assertTrue(entered("outgoingAuthGate", toolCall(plainSpec(), CallerIdentity.anonymous(null, null))));

        Files.delete(dir.resolve("outgoing-auth.yaml"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !entered("outgoingAuthGate",
                toolCall(plainSpec(), CallerIdentity.anonymous(null, null))));
        client.call("tools/call", "{\"name\":\"echo_echo\",\"arguments\":{}}");
        assertNull(lastCallsHeader("X-Override"), "the built-in step is back, and passed by");
    }
}
