package routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.authz.AuthzSpec;
import routes.config.AggregationConfig.ConflictStrategy;
import routes.kernel.AuthStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ToolHive's own example configs (copies in {@code src/test/resources/toolhive/}, origin in each
 * file's header) and configs the operator renders: one row per key, with what Caravan does with it.
 * A refused key's row holds its whole message; the file must fail with exactly those messages,
 * and once the refused sections are removed the rest must load, with exactly the inert keys listed.
 */
class ToolHiveExamplesTest {

    private static final String CLI_EXAMPLE = "vmcp-config.yaml";
    private static final String PRODUCTION = "operator-rendered-production.yaml";
    private static final String DERIVED = "operator-derived-discovered.yaml";

    /** The sections each example has that Caravan refuses. */
    private static final Map<String, List<String>> REFUSED_SECTIONS = Map.of(
            CLI_EXAMPLE, List.of(),
            PRODUCTION, List.of(),
            DERIVED, List.of());

    private enum Outcome { IMPLEMENTED, REFUSED, INERT }

    private record Row(String file, String key, Outcome outcome, String fragment, Function<GatewayConfig, Object> actual,
                       Object expected) {
        @Override
        public String toString() {
            return file + " " + key + " -> " + outcome;
        }
    }

    private static Row refused(String file, String key, String fragment) {
        return new Row(file, key, Outcome.REFUSED, fragment, null, null);
    }

    private static Row inert(String file, String key, String fragment) {
        return new Row(file, key, Outcome.INERT, fragment, null, null);
    }

    private static Row implemented(String file, String key, Function<GatewayConfig, Object> actual, Object expected) {
        return new Row(file, key, Outcome.IMPLEMENTED, null, actual, expected);
    }

    static List<Row> rows() {
        return List.of(
                // ToolHive's examples/vmcp-config.yaml (the CLI's full example)
                implemented(CLI_EXAMPLE, "name", GatewayConfig::name, "engineering-vmcp"),
                implemented(CLI_EXAMPLE, "groupRef", GatewayConfig::groupRef, "engineering-team"),
                implemented(CLI_EXAMPLE, "incomingAuth.oidc.issuer", c -> c.incomingAuth().oidc().issuer(),
                        "https://keycloak.example.com/realms/myrealm"),
                implemented(CLI_EXAMPLE, "incomingAuth.oidc.audience", c -> c.incomingAuth().oidc().audience(), "vmcp"),
                implemented(CLI_EXAMPLE, "incomingAuth.authz", c -> c.authz().type(), AuthzSpec.Type.CEDAR),
                implemented(CLI_EXAMPLE, "outgoingAuth.source", c -> c.outgoingAuth().source(), "inline"),
                implemented(CLI_EXAMPLE, "outgoingAuth.default", c -> c.outgoingAuth().fallback(), AuthStrategy.UNAUTHENTICATED),
                implemented(CLI_EXAMPLE, "outgoingAuth.backends.github",
                        c -> ((AuthStrategy.HeaderInjection) c.outgoingAuth().strategyFor("github")).headerName(), "Authorization"),
                implemented(CLI_EXAMPLE, "aggregation.conflictResolution", c -> c.aggregation().conflictResolution(),
                        ConflictStrategy.PREFIX),
                implemented(CLI_EXAMPLE, "aggregation.conflictResolutionConfig.prefixFormat",
                        c -> c.aggregation().conflictResolutionConfig().prefixFor("github"), "github_"),
                implemented(CLI_EXAMPLE, "aggregation.tools[].filter",
                        c -> c.aggregation().toolsFor("github").orElseThrow().filter(), List.of("create_pr", "merge_pr", "list_issues")),
                implemented(CLI_EXAMPLE, "aggregation.tools[].overrides",
                        c -> c.aggregation().toolsFor("jira").orElseThrow().overrides().get("create_issue").name(), "jira_create_issue"),
                implemented(CLI_EXAMPLE, "operational.timeouts.default", c -> c.timeoutFor("slack"), Duration.ofSeconds(30)),
                implemented(CLI_EXAMPLE, "operational.timeouts.perWorkload", c -> c.timeoutFor("github"), Duration.ofSeconds(45)),
                implemented(CLI_EXAMPLE, "operational.failureHandling.healthCheckInterval",
                        c -> c.operational().failureHandling().healthCheckInterval(), Duration.ofSeconds(30)),
                implemented(CLI_EXAMPLE, "operational.failureHandling.unhealthyThreshold",
                        c -> c.operational().failureHandling().unhealthyThreshold(), 3),
                inert(CLI_EXAMPLE, "operational.failureHandling.partialFailureMode", "validates it but does not use it"),
                implemented(CLI_EXAMPLE, "operational.failureHandling.circuitBreaker",
                        c -> c.operational().failureHandling().circuitBreaker(),
                        new OperationalConfig.CircuitBreaker(true, 5, Duration.ofSeconds(60))),
                implemented(CLI_EXAMPLE, "telemetry.endpoint", c -> c.telemetry().endpoint(), "localhost:4317"),
                implemented(CLI_EXAMPLE, "telemetry.samplingRate", c -> c.telemetry().samplingRate(), 0.1),
                implemented(CLI_EXAMPLE, "telemetry.enablePrometheusMetricsPath",
                        c -> c.telemetry().enablePrometheusMetricsPath(), true),

                // the operator's rendering of vmcp_production_full.yaml's VirtualMCPServer
                implemented(PRODUCTION, "name", GatewayConfig::name, "production-vmcp"),
                implemented(PRODUCTION, "groupRef", c -> c.backends().isEmpty() && !c.groupRef().isEmpty(), true),
                implemented(PRODUCTION, "incomingAuth.oidc.issuer", c -> c.incomingAuth().oidc().issuer(),
                        "https://auth.example.com/realms/production"),
                implemented(PRODUCTION, "incomingAuth.authz", c -> c.authz().type(), AuthzSpec.Type.CEDAR),
                implemented(PRODUCTION, "outgoingAuth.source", c -> c.outgoingAuth().source(), "discovered"),
                implemented(PRODUCTION, "aggregation.conflictResolution", c -> c.aggregation().conflictResolution(),
                        ConflictStrategy.PRIORITY),
                implemented(PRODUCTION, "aggregation.conflictResolutionConfig.priorityOrder",
                        c -> c.aggregation().conflictResolutionConfig().priorityOrder(),
                        List.of("yardstick-streamable", "fetch", "yardstick-sse")),
                implemented(PRODUCTION, "operational.failureHandling.statusReportingInterval",
                        c -> c.operational().failureHandling().statusReportingInterval(), Duration.ofSeconds(30)),
                inert(PRODUCTION, "operational.failureHandling.partialFailureMode", "does not use it"),
                implemented(PRODUCTION, "operational.failureHandling.circuitBreaker.timeout",
                        c -> c.operational().failureHandling().circuitBreaker().timeout(), Duration.ofMinutes(1)),

                // the contract's derived discovered-mode example
                implemented(DERIVED, "incomingAuth.type", c -> c.name(), "my-vmcp"),
                implemented(DERIVED, "groupRef", GatewayConfig::groupRef, "my-group"),
                implemented(DERIVED, "outgoingAuth.source", c -> c.outgoingAuth().source(), "discovered"),
                implemented(DERIVED, "aggregation.conflictResolutionConfig.prefixFormat",
                        c -> c.aggregation().conflictResolutionConfig().prefixFor("fetch"), "fetch_"),
                implemented(DERIVED, "operational.timeouts.default", c -> c.timeoutFor("fetch"), Duration.ofSeconds(30)),
                inert(DERIVED, "operational.failureHandling.partialFailureMode", "does not use it"),
                implemented(DERIVED, "operational.failureHandling.circuitBreaker.timeout",
                        c -> c.operational().failureHandling().circuitBreaker().timeout(), Duration.ofMinutes(1)));
    }

    static Stream<Arguments> eachRow() {
        return rows().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachRow")
    void eachKeyOfTheExamplesHasItsAnswer(Row row) throws Exception {
        switch (row.outcome()) {
            case REFUSED -> {
                ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(text(row.file()), row.file()));
                assertTrue(e.problems().contains(row.key() + ": " + row.fragment()),
                        () -> "expected " + row.key() + ": " + row.fragment() + " in " + e.problems());
            }
            case INERT -> {
                GatewayConfig c = withoutRefusedSections(row.file());
                assertTrue(c.inertKeys().stream().anyMatch(k -> k.key().equals(row.key()) && k.reason().contains(row.fragment())),
                        () -> "expected " + row.key() + " (" + row.fragment() + ") in " + c.inertKeys());
            }
            case IMPLEMENTED -> {
                GatewayConfig c = withoutRefusedSections(row.file());
                assertEquals(row.expected(), row.actual().apply(c));
                assertTrue(c.inertKeys().stream().noneMatch(k -> k.key().equals(row.key())), c.inertKeys()::toString);
            }
            default -> throw new IllegalStateException();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void theExampleFailsWithExactlyTheRefusalsAndTheRestListsExactlyTheInertKeys(String file) throws Exception {
        List<Row> rows = rows().stream().filter(r -> r.file().equals(file)).toList();
        List<String> refusedKeys = keys(rows, Outcome.REFUSED);
        if (refusedKeys.isEmpty()) {
            ConfigLoader.parse(text(file), file);
        } else {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(text(file), file));
            assertEquals(refusedKeys, e.problems().stream().map(p -> p.substring(0, p.indexOf(": "))).toList(),
                    e.getMessage());
        }
        GatewayConfig rest = withoutRefusedSections(file);
        assertEquals(keys(rows, Outcome.INERT), rest.inertKeys().stream().map(InertKey::key).toList());
        assertTrue(rest.inertKeysLine().orElseThrow().startsWith("config keys with no effect in Caravan: "));
    }

    static Stream<String> files() {
        return Stream.of(CLI_EXAMPLE, PRODUCTION, DERIVED);
    }

    /** The hand-rendered production config says what the CR in ToolHive's example says. */
    @Test
    void theProductionRenderingCarriesTheCustomResourcesConfig() throws Exception {
        JsonNode cr = null;
        try (var parser = new YAMLFactory().createParser(text("vmcp_production_full.yaml"))) {
            var docs = new ObjectMapper().readValues(parser, JsonNode.class);
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && "VirtualMCPServer".equals(doc.path("kind").asText())) {
                    cr = doc;
                }
            }
        }
        assertNotNull(cr);
        JsonNode rendered = new YAMLMapper().readTree(text(PRODUCTION));
        assertEquals(cr.at("/metadata/name"), rendered.get("name"));
        assertEquals(cr.at("/spec/groupRef/name"), rendered.get("groupRef"));
        assertEquals(cr.at("/spec/config/aggregation"), rendered.get("aggregation"));
        assertEquals(cr.at("/spec/incomingAuth/type"), rendered.at("/incomingAuth/type"));
        assertEquals(cr.at("/spec/incomingAuth/authzConfig/inline/policies"), rendered.at("/incomingAuth/authz/policies"));
        assertEquals(cr.at("/spec/outgoingAuth"), rendered.get("outgoingAuth"));
        cr.at("/spec/config/operational/failureHandling").fields().forEachRemaining(f ->
                assertEquals(f.getValue(), rendered.at("/operational/failureHandling/" + f.getKey()), f.getKey()));
    }

    private static List<String> keys(List<Row> rows, Outcome outcome) {
        return rows.stream().filter(r -> r.outcome() == outcome).map(Row::key).toList();
    }

    private static GatewayConfig withoutRefusedSections(String file) throws Exception {
        ObjectNode root = (ObjectNode) new YAMLMapper().readTree(text(file));
        REFUSED_SECTIONS.get(file).forEach(root::remove);
        return ConfigLoader.parse(new YAMLMapper().writeValueAsString(root), file);
    }

    static String text(String file) throws IOException {
        try (InputStream in = ToolHiveExamplesTest.class.getResourceAsStream("/toolhive/" + file)) {
            return new String(Objects.requireNonNull(in, file).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every example file has rows (a file without would pass the per-file test with nothing checked). */
    @Test
    void everyExampleHasRows() {
        List<String> covered = new ArrayList<>(rows().stream().map(Row::file).distinct().toList());
        assertEquals(files().toList(), covered);
    }
}
