package routes.telemetry;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The telemetry section on: a real gateway exports over OTLP/HTTP to a stand-in collector. One
 * tools/call from the official MCP SDK client with a {@code traceparent} is one trace of the
 * client's trace id, from the front door's server span to the client span of the backend HTTP call,
 * and the backend gets that client span as its parent; the gateway's own traffic starts no trace;
 * the meters arrive over OTLP too; the collector's API key is sent and never logged.
 */
class TracingTest {

    private static final String OTLP_KEY = "otlp-key-5c1d2e";

    private static OtlpReceiver otlp;
    private static FixtureBackend alpha;
    private static GatewayHarness gateway;
    private static LogCapture logs;
    /** The trace ids the tests send as a client's traceparent: the only traces there may be. */
    private static final Set<String> CLIENT_TRACES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        otlp = new OtlpReceiver();
        alpha = FixtureBackend.builder("alpha").tools("echo").start();
        logs = LogCapture.start();
        gateway = GatewayHarness.start("""
                name: traced
                backends:
                  - name: alpha
                    url: %s
                    transport: streamable-http
                telemetry:
                  endpoint: %s
                  insecure: true
                  tracingEnabled: true
                  metricsEnabled: true
                  samplingRate: "0.0"
                  serviceName: caravan-test
                  headers: {X-Collector-Key: %s}
                  environmentVariables: [POD_NAME, NOT_SET]
                  customAttributes: {team: platform}
                """.formatted(alpha.url(), otlp.hostPort(), OTLP_KEY),
                Map.of("caravan.telemetry.trace-batch-delay", "100", "caravan.telemetry.metrics-step", "1000"),
                Map.of("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-env,service.namespace=tools", "POD_NAME", "caravan-0"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        alpha.close();
        otlp.close();
        logs.close();
    }

    /** The official SDK client; the traceparent goes only on the tools/call request. */
    private static McpSyncClient client(String traceparent) {
        CLIENT_TRACES.add(traceparent.split("-")[1]);
        return McpClient.sync(HttpClientStreamableHttpTransport.builder(gateway.baseUrl()).endpoint("/mcp")
                        .httpRequestCustomizer((request, method, uri, body, context) -> {
                            if (body != null && body.contains("\"tools/call\"")) {
                                request.header("traceparent", traceparent);
                            }
                        }).build())
                .requestTimeout(Duration.ofSeconds(15)).build();
    }

    @Test
    void aToolsCallIsOneTraceOfTheClientsTraceFromTheFrontDoorToTheBackendsHttpCall() {
        HexFormat hex = HexFormat.of();
        SecureRandom random = new SecureRandom();
        String traceId = hex.formatHex(random.generateSeed(16));
        String clientSpan = hex.formatHex(random.generateSeed(8));
        try (McpSyncClient client = client("00-" + traceId + "-" + clientSpan + "-01")) {
            client.initialize();
            await().atMost(Duration.ofSeconds(15)).until(() -> client.listTools().tools().size() == 1);
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("alpha_echo", Map.of("text", "hi")));
            assertFalse(Boolean.TRUE.equals(result.isError()), String.valueOf(result));
        }

        // the client span of the tools/call to the backend (not its session's initialize before it)
        OtlpReceiver.ReceivedSpan call = await().atMost(Duration.ofSeconds(10)).until(() -> otlp.trace(traceId).stream()
                .filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT && "tools/call".equals(s.attributes().get("mcp.method.name")))
                .findFirst().orElse(null), Objects::nonNull);

        List<OtlpReceiver.ReceivedSpan> trace = otlp.trace(traceId);
        List<String> path = pathToRoot(trace, call);
        OtlpReceiver.ReceivedSpan root = trace.stream().filter(s -> s.parentSpanId() != null && s.parentSpanId().equals(clientSpan))
                .findFirst().orElseThrow();
        assertEquals(SpanKind.SPAN_KIND_SERVER, root.kind(), "the front door's span is a server span");
        assertEquals("POST /mcp", root.name());
        assertEquals(List.of("POST /mcp", "mcp-post", "mcp-message", "mcp-forward", "backend-request", "backend-http", "POST"),
                path, "server span of /mcp ... client span of the backend call, in order");
        assertTrue(trace.stream().anyMatch(s -> s.name().equals("incoming-auth") && s.parentSpanId().equals(root.spanId())));
        assertEquals(List.of(root), trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER).toList(),
                "one server span: the front door's");
        // the backend session is opened on the client's first call, in the same trace: initialize, initialized, the call
        assertEquals(List.of("initialize", "notifications/initialized", "tools/call"), trace.stream()
                .filter(s -> s.kind() == SpanKind.SPAN_KIND_CLIENT).sorted(java.util.Comparator.comparingLong(OtlpReceiver.ReceivedSpan::startNanos))
                .map(s -> s.attributes().get("mcp.method.name")).toList());
        assertEquals("alpha", call.attributes().get("caravan.backend"));

        // the backend sees a traceparent of the same trace whose parent is the client span of that HTTP call
        assertEquals("00-" + traceId + "-" + call.spanId() + "-01", alpha.lastRequest("tools/call").header("traceparent"));

        // the gateway's own traffic (catalog fetch, health probes) starts no trace of its own
        Set<String> backendTraces = otlp.spans().stream().filter(s -> s.attributes().containsKey("caravan.backend"))
                .map(OtlpReceiver.ReceivedSpan::traceId).collect(Collectors.toSet());
        assertEquals(Set.of(traceId), backendTraces, "only the client's request traced a backend call");
        // samplingRate 0: a request without a traceparent starts no trace; a client's sampled one is continued
        assertTrue(otlp.spans().stream().allMatch(s -> CLIENT_TRACES.contains(s.traceId())), "no trace but the clients'");
    }

    @Test
    void theResourceNamesTheServiceAndTheConfiguredAttributes() {
        OtlpReceiver.ReceivedSpan any = await().atMost(Duration.ofSeconds(20)).until(() -> otlp.spans().stream()
                .findFirst().orElse(null), Objects::nonNull);
        Map<String, String> resource = any.resource();
        assertEquals("caravan-test", resource.get("service.name"), "the config's serviceName wins over the env's");
        assertEquals("tools", resource.get("service.namespace"), "OTEL_RESOURCE_ATTRIBUTES");
        assertEquals("0.1.0", resource.get("service.version"));
        assertEquals("caravan-0", resource.get("environment.POD_NAME"));
        assertFalse(resource.containsKey("environment.NOT_SET"));
        assertEquals("platform", resource.get("team"));
    }

    @Test
    void theMetersArriveOverOtlpWithTheCollectorsHeaderWhichIsNeverLogged() {
        try (McpSyncClient client = client("00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-01")) {
            client.initialize();
            await().atMost(Duration.ofSeconds(15)).until(() -> client.listTools().tools().size() == 1);
            client.callTool(new McpSchema.CallToolRequest("alpha_echo", Map.of("text", "hi")));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> otlp.metrics().stream().map(Metric::getName)
                .collect(Collectors.toSet()).containsAll(List.of("caravan.backend.requests", "caravan.backend.request.duration")));
        assertTrue(otlp.paths().contains("/v1/metrics"));
        Metric latency = otlp.metrics().stream().filter(m -> m.getName().equals("caravan.backend.request.duration"))
                .reduce((a, b) -> b).orElseThrow();
        assertTrue(latency.hasHistogram(), "the latency timer goes out as a histogram");
        assertEquals(15, latency.getHistogram().getDataPoints(0).getExplicitBoundsCount(),
                "with its 15 fixed buckets, not a percentile histogram");
        assertTrue(otlp.requestHeaders().stream().allMatch(h -> List.of(OTLP_KEY).equals(h.get("X-collector-key"))),
                "every export carries the configured header");
        List<String> leaked = logs.lines().stream().filter(l -> l.contains(OTLP_KEY)).toList();
        assertEquals(List.of(), leaked, "the header's value is never logged");
        assertFalse(logs.linesContaining("Telemetry to http://" + otlp.hostPort()).isEmpty(), "start-up says where telemetry goes");
    }

    @Test
    void aGetStreamsSpanEndsWhenTheStreamEnds() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> init = http.send(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
                null).build(), HttpResponse.BodyHandlers.ofString());
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.send(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session).build(),
                HttpResponse.BodyHandlers.ofString());
        String traceId = "3".repeat(32);
        CLIENT_TRACES.add(traceId);
        HttpResponse<InputStream> stream = http.sendAsync(HttpRequest.newBuilder(URI.create(gateway.mcpUrl())).GET()
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-11-25").header("traceparent", "00-" + traceId + "-" + "4".repeat(16) + "-01")
                .build(), HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
        assertEquals(200, stream.statusCode());
        assertTrue(otlp.trace(traceId).isEmpty(), "the stream's span is open while the stream is");
        // the client ends its session: the stream ends, and so does its span
        http.send(HttpRequest.newBuilder(URI.create(gateway.mcpUrl())).DELETE().header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-11-25").build(), HttpResponse.BodyHandlers.ofString());
        stream.body().close();
        OtlpReceiver.ReceivedSpan get = await().atMost(Duration.ofSeconds(10)).until(() -> otlp.trace(traceId).stream()
                .filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER).findFirst().orElse(null), Objects::nonNull);
        assertEquals("GET /mcp", get.name());
    }

    @Test
    void theOperationalEndpointsAreNotTraced() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String traceId = "5".repeat(32);
        CLIENT_TRACES.add(traceId);
        for (String path : List.of("/health", "/readyz", "/status", "/api/backends/health")) {
            http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                    .header("traceparent", "00-" + traceId + "-" + "6".repeat(16) + "-01").build(), HttpResponse.BodyHandlers.ofString());
        }
        // a traced request after them, whose span shows the exporter has caught up
        String marker = "7".repeat(32);
        CLIENT_TRACES.add(marker);
        http.send(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", null)
                .header("traceparent", "00-" + marker + "-" + "8".repeat(16) + "-01").build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> !otlp.trace(marker).isEmpty());
        assertEquals(List.of(), otlp.trace(traceId), "probes of /health, /readyz, /status make no spans");
    }

    private static HttpRequest.Builder post(String body, String session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.mcpUrl())).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
        if (session != null) {
            b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        return b;
    }

    /** Span names from the root of the trace down to {@code leaf}. */
    private static List<String> pathToRoot(List<OtlpReceiver.ReceivedSpan> trace, OtlpReceiver.ReceivedSpan leaf) {
        Map<String, OtlpReceiver.ReceivedSpan> byId = trace.stream().collect(Collectors.toMap(OtlpReceiver.ReceivedSpan::spanId, s -> s));
        List<String> names = new ArrayList<>();
        for (OtlpReceiver.ReceivedSpan s = leaf; s != null; s = s.parentSpanId() == null ? null : byId.get(s.parentSpanId())) {
            names.add(s.name());
        }
        Collections.reverse(names);
        return names;
    }
}
