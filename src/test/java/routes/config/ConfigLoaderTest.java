package routes.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.config.AggregationConfig.ConflictStrategy;
import routes.config.AggregationConfig.WorkloadTools;
import routes.config.OperationalConfig.PartialFailureMode;
import routes.discovery.BackendAssembler;
import routes.kernel.AuthStrategy;
import routes.kernel.BackendSpec;
import routes.kernel.HeaderForward;
import routes.secrets.SecretRef;
import routes.testing.TestPki;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    /** A config as a ToolHive user writes it for {@code thv vmcp serve}, plus Caravan's headerForward. */
    private static final String TOOLHIVE_CONFIG = """
            name: engineering-vmcp
            groupRef: engineering
            incomingAuth:
              type: anonymous
            outgoingAuth:
              source: inline
              default:
                type: unauthenticated
            backends:
              - name: github
                url: https://github-mcp.example.com/mcp
                transport: streamable-http
                type: entry
                caBundlePath: %s
                metadata: {env: prod, team: platform}
                headerForward:
                  addPlaintextHeaders:
                    X-MCP-Toolsets: "projects,issues,pull_requests"
                  addHeadersFromSecret:
                    - headerName: X-Api-Key
                      valueSecretRef: {name: github-token, key: token}
              - name: fetch
                url: http://fetch.tools.svc.cluster.local:8080/sse
                transport: sse
            aggregation:
              conflictResolution: priority
              conflictResolutionConfig:
                priorityOrder: [github, fetch]
              tools:
                - workload: github
                  filter: [search_code, create_issue]
                  overrides:
                    search_issues:
                      name: search_code
                      description: Search code and issues
                      annotations: {title: Code search, readOnlyHint: true, openWorldHint: false}
                - workload: fetch
                  excludeAll: true
            operational:
              logLevel: debug
              timeouts:
                default: 45s
                perWorkload:
                  fetch: 1m30s
              failureHandling:
                healthCheckInterval: 1m
                unhealthyThreshold: 5
                healthCheckTimeout: 500ms
                partialFailureMode: best_effort
                circuitBreaker: {enabled: true, failureThreshold: 4, timeout: 2m}
                degradedThreshold: 200ms
                healthCheckMode: ping
            telemetry:
              endpoint: otel-collector:4317
              serviceName: engineering-vmcp
            metadata:
              owner: platform-team
            """;

    private static String caPem;

    private Path caBundle() throws IOException {
        // the loader parses the bundle, so it must hold a real certificate (made once: keytool is slow)
        if (caPem == null) {
            try (TestPki pki = TestPki.create("Config Test CA")) {
                caPem = pki.caPem();
            }
        }
        return Files.writeString(dir.resolve("ca.crt"), caPem);
    }

    @Test
    void readsAFullToolHiveConfig() throws Exception {
        Path ca = caBundle();
        Path file = Files.writeString(dir.resolve("vmcp.yaml"), TOOLHIVE_CONFIG.formatted(ca));

        GatewayConfig config = ConfigLoader.load(file);

        assertEquals(file.toString(), config.source());
        assertEquals("engineering-vmcp", config.name());
        assertEquals("engineering", config.groupRef());
        assertTrue(config.staticMode());
        assertEquals(Map.of("owner", "platform-team"), config.metadata());

        BackendConfig github = config.backend("github").orElseThrow();
        assertEquals(URI.create("https://github-mcp.example.com/mcp"), github.url());
        assertEquals(BackendSpec.Transport.STREAMABLE_HTTP, github.transport());
        assertEquals("entry", github.type());
        assertEquals(ca, github.caBundlePath());
        assertEquals(List.of("env", "team"), List.copyOf(github.metadata().keySet()));
        assertEquals(Map.of("X-MCP-Toolsets", "projects,issues,pull_requests"), github.headerForward().addPlaintextHeaders());
        assertEquals(List.of(new HeaderForwardConfig.SecretHeader("X-Api-Key",
                new SecretRef.Key("github-token", "token"))), github.headerForward().addHeadersFromSecret());
        BackendConfig fetch = config.backend("fetch").orElseThrow();
        assertEquals(BackendSpec.Transport.SSE, fetch.transport());
        assertTrue(fetch.headerForward().isEmpty());
        assertEquals("", fetch.type());

        AggregationConfig agg = config.aggregation();
        assertEquals(ConflictStrategy.PRIORITY, agg.conflictResolution());
        assertEquals(List.of("github", "fetch"), agg.conflictResolutionConfig().priorityOrder());
        assertEquals("{workload}_", agg.conflictResolutionConfig().prefixFormat());
        WorkloadTools gh = agg.toolsFor("github").orElseThrow();
        assertEquals(List.of("search_code", "create_issue"), gh.filter());
        AggregationConfig.ToolOverride o = gh.overrides().get("search_issues");
        assertEquals("search_code", o.name());
        assertEquals("Search code and issues", o.description());
        assertEquals(new AggregationConfig.ToolAnnotations("Code search", true, null, null, false), o.annotations());
        assertTrue(agg.toolsFor("fetch").orElseThrow().excludeAll());
        assertFalse(agg.excludeAllTools());

        OperationalConfig op = config.operational();
        assertEquals("debug", op.logLevel());
        assertEquals(Duration.ofSeconds(45), config.timeoutFor("github"));
        assertEquals(Duration.ofSeconds(90), config.timeoutFor("fetch"));
        assertEquals(Duration.ofMinutes(1), op.failureHandling().healthCheckInterval());
        assertEquals(5, op.failureHandling().unhealthyThreshold());
        assertEquals(Duration.ofMillis(500), op.failureHandling().healthCheckTimeout());
        assertEquals(PartialFailureMode.BEST_EFFORT, op.failureHandling().partialFailureMode());
        assertEquals(new OperationalConfig.CircuitBreaker(true, 4, Duration.ofMinutes(2)), op.failureHandling().circuitBreaker());
        assertEquals(Duration.ofMillis(200), op.failureHandling().degradedThreshold());
        assertEquals(OperationalConfig.HealthCheckMode.PING, op.failureHandling().healthCheckMode());

        assertEquals("otel-collector:4317", config.telemetry().endpoint());
    }

    @Test
    void backendSpecsCarryTheEffectiveTimeout() throws Exception {
        GatewayConfig config = ConfigLoader.parse(TOOLHIVE_CONFIG.formatted(caBundle()), "vmcp.yaml");

        List<BackendSpec> specs = BackendAssembler.assemble(config, Map.of()).specs();

        assertEquals(List.of(
                new BackendSpec("github", URI.create("https://github-mcp.example.com/mcp"),
                        BackendSpec.Transport.STREAMABLE_HTTP, dir.resolve("ca.crt"), Duration.ofSeconds(45),
                        new HeaderForward(Map.of("X-MCP-Toolsets", "projects,issues,pull_requests"),
                                Map.of("X-Api-Key", new SecretRef.Key("github-token", "token"))),
                        AuthStrategy.UNAUTHENTICATED, null),
                new BackendSpec("fetch", URI.create("http://fetch.tools.svc.cluster.local:8080/sse"),
                        BackendSpec.Transport.SSE, null, Duration.ofSeconds(90))), specs);
    }

    @Test
    void appliesToolHiveDefaultsToAMinimalConfig() throws Exception {
        GatewayConfig config = ConfigLoader.parse("""
                name: demo
                backends:
                  - {name: everything, url: "http://localhost:3001/mcp", transport: streamable-http}
                """, "demo.yaml");

        assertEquals("", config.groupRef());
        assertEquals(AggregationConfig.DEFAULT, config.aggregation());
        assertEquals(ConflictStrategy.PREFIX, config.aggregation().conflictResolution());
        assertEquals("{workload}_", config.aggregation().conflictResolutionConfig().prefixFormat());
        assertEquals(Duration.ofSeconds(30), config.timeoutFor("everything"));
        OperationalConfig.FailureHandling fh = config.operational().failureHandling();
        assertEquals(Duration.ofSeconds(30), fh.healthCheckInterval());
        assertEquals(3, fh.unhealthyThreshold());
        assertEquals(Duration.ofSeconds(10), fh.healthCheckTimeout());
        assertEquals(PartialFailureMode.FAIL, fh.partialFailureMode());
        assertEquals(new OperationalConfig.CircuitBreaker(false, 5, Duration.ofSeconds(60)), fh.circuitBreaker());
        assertEquals(Duration.ofSeconds(5), fh.degradedThreshold());
        assertEquals(OperationalConfig.HealthCheckMode.INITIALIZE, fh.healthCheckMode());
        assertNull(config.backend("everything").orElseThrow().caBundlePath());
        assertEquals(TelemetryConfig.NONE, config.telemetry());
    }

    /** interval as written (null: left out), timeout as written (null: left out), the timeout in force. */
    static Stream<Arguments> probeTimeouts() {
        return Stream.of(
                Arguments.of(null, null, "10s"),        // ToolHive's defaults: 30s and 10s
                Arguments.of("1m", null, "10s"),
                Arguments.of("11s", null, "10s"),       // 10s still fits
                Arguments.of("10s", null, "5s"),        // 10s would not be shorter: half the interval
                Arguments.of("2s", null, "1s"),
                Arguments.of("500ms", null, "250ms"),
                Arguments.of("2s", "1500ms", "1500ms"), // a timeout that is set is kept as set
                Arguments.of(null, "20s", "20s"));
    }

    @ParameterizedTest(name = "interval {0}, timeout {1} -> {2}")
    @MethodSource("probeTimeouts")
    void aLeftOutProbeTimeoutFitsTheInterval(String interval, String timeout, String expected) throws Exception {
        StringBuilder yaml = new StringBuilder("""
                name: demo
                backends:
                  - {name: everything, url: "http://localhost:3001/mcp", transport: streamable-http}
                operational:
                  failureHandling:
                """);
        // one key always, so failureHandling is a map even when the row leaves both out
        yaml.append("    unhealthyThreshold: 3\n");
        if (interval != null) {
            yaml.append("    healthCheckInterval: ").append(interval).append('\n');
        }
        if (timeout != null) {
            yaml.append("    healthCheckTimeout: ").append(timeout).append('\n');
        }
        OperationalConfig.FailureHandling fh = ConfigLoader.parse(yaml.toString(), "demo.yaml").operational().failureHandling();
        assertEquals(Durations.parse(expected), fh.healthCheckTimeout());
    }

    @Test
    void dynamicModeNeedsOnlyTheGroupAndDoesNotCheckBackendReferences() throws Exception {
        GatewayConfig config = ConfigLoader.parse("""
                name: k8s-vmcp
                groupRef: engineering
                aggregation:
                  conflictResolution: priority
                  conflictResolutionConfig: {priorityOrder: [discovered-later]}
                  tools:
                    - {workload: also-discovered, filter: [search]}
                operational:
                  timeouts: {perWorkload: {discovered-later: 5s}}
                """, "k8s.yaml");

        assertFalse(config.staticMode());
        assertEquals(List.of(), BackendAssembler.assemble(config, Map.of()).specs());
        assertEquals(Duration.ofSeconds(5), config.timeoutFor("discovered-later"));
    }

    @Test
    void readsJsonWhenTheFileEndsInJson() throws Exception {
        Path file = Files.writeString(dir.resolve("vmcp.json"), """
                {"name": "gw", "backends": [{"name": "a", "url": "https://a.example.com/mcp", "transport": "sse"}],
                 "aggregation": {"conflictResolution": "manual", "tools": [{"workload": "a", "overrides": {"x": {"name": "y"}}}]}}
                """);

        GatewayConfig config = ConfigLoader.load(file);

        assertEquals(ConflictStrategy.MANUAL, config.aggregation().conflictResolution());
        assertEquals("y", config.aggregation().toolsFor("a").orElseThrow().overrides().get("x").name());
    }

    @Test
    void acceptsNoOpSettingsOfSectionsThatAreNotSupportedYet() throws Exception {
        GatewayConfig config = ConfigLoader.parse("""
                name: gw
                groupRef: g
                incomingAuth: {type: anonymous, authz: {type: none}}
                outgoingAuth: {source: discovered, backends: {a: {type: unauthenticated}}}
                codeMode: {enabled: false}
                sessionStorage: {provider: memory}
                compositeTools: []
                compositeToolRefs: []
                passthroughHeaders: []
                """, "gw.yaml");

        assertEquals(TelemetryConfig.NONE, config.telemetry());
        assertEquals(List.of("compositeTools", "compositeToolRefs", "codeMode"),
                config.inertKeys().stream().map(InertKey::key).toList());
        assertEquals(List.of(), config.passthroughHeaders());
    }

    @Test
    void aMissingFileIsAConfigException() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().contains("nope.yaml"), e.getMessage());
        assertEquals("config file " + dir.resolve("nope.yaml") + " does not exist", e.getMessage());
    }

    @Test
    void anUnreadableTelemetryCaCertIsAConfigErrorNotAFailureAtStart() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                name: gw
                backends: [{name: a, url: "http://a:1/mcp", transport: streamable-http}]
                telemetry: {endpoint: "collector:4318", tracingEnabled: true, caCertPath: /nonexistent/otel-ca.pem}
                """, "gw.yaml"));
        assertEquals(List.of("telemetry.caCertPath: '/nonexistent/otel-ca.pem' is not a readable file; point it at the"
                + " collector's PEM CA certificate"), e.problems());
    }
}
