package routes.telemetry;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.camel.spi.CamelTracingService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The telemetry section with tracing and metrics off: nothing is installed (no tracer, no event
 * notifier, no OTLP registry), nothing reaches the collector, and a backend gets the client's own
 * {@code traceparent} as before. A reload that turns tracing on is logged as needing a restart.
 */
class TracingOffTest {

    private static final String CONFIG = """
            name: untraced
            backends:
              - name: alpha
                url: %s
                transport: streamable-http
            telemetry:
              endpoint: %s
              insecure: true
              tracingEnabled: %s
              metricsEnabled: false
            """;

    private static OtlpReceiver otlp;
    private static FixtureBackend alpha;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        otlp = new OtlpReceiver();
        alpha = FixtureBackend.builder("alpha").tools("echo").start();
        gateway = GatewayHarness.start(CONFIG.formatted(alpha.url(), otlp.hostPort(), false),
                Map.of("caravan.telemetry.trace-batch-delay", "100", "caravan.telemetry.metrics-step", "500"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        alpha.close();
        otlp.close();
    }

    @Test
    void nothingIsInstalledNothingIsExportedAndTheClientsTraceparentReachesTheBackend() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(gateway.baseUrl()).endpoint("/mcp")
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("traceparent", traceparent))
                .build()).requestTimeout(Duration.ofSeconds(15)).build()) {
            client.initialize();
            await().atMost(Duration.ofSeconds(15)).until(() -> client.listTools().tools().size() == 1);
            client.callTool(new McpSchema.CallToolRequest("alpha_echo", Map.of("text", "hi")));
        }
        assertEquals(traceparent, alpha.lastRequest("tools/call").header("traceparent"), "the client's trace, continued as it came");

        assertNull(gateway.camel().hasService(CamelTracingService.class), "no tracer");
        assertTrue(gateway.camel().getManagementStrategy().getEventNotifiers().stream()
                .noneMatch(n -> n.getClass().getName().startsWith("org.apache.camel.tracing")), "no tracing event notifier");
        assertTrue(gateway.camel().getCamelContextExtension().getInterceptStrategies().stream()
                .noneMatch(i -> i instanceof SpanInScope), "no tracing step around the processors");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("otlp-metrics")),
                "no OTLP metrics publisher");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> otlp.paths().isEmpty());
    }

    @Test
    void aReloadThatTurnsTracingOnSaysItNeedsARestart() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            gateway.rewriteConfig(CONFIG.formatted(alpha.url(), otlp.hostPort(), true));
            await().atMost(Duration.ofSeconds(10)).until(() -> !logs.linesContaining("after a restart").isEmpty());
            assertEquals(1, logs.linesContaining("telemetry").size(), "one line: " + logs.lines());
        }
        assertNull(gateway.camel().hasService(CamelTracingService.class), "not rebuilt live");
        assertEquals(List.of(), otlp.paths());
        gateway.rewriteConfig(CONFIG.formatted(alpha.url(), otlp.hostPort(), false));
    }
}
