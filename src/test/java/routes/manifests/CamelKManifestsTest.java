package routes.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import routes.config.ConfigLoader;
import routes.config.GatewayConfig;
import routes.testing.GatewayHarness;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Camel K manifests of {@code k8s/camel-k/} (issue 15): the Integration and the Pipes parse,
 * every Kamelet they name exists (in {@code kamelets/} or the Apache catalog) with the properties
 * they set and its required ones set; the Integration's inline routes and the override ConfigMap's
 * routes load in Camel; its config loads; its probes answer on a running gateway.
 */
class CamelKManifestsTest {

    private static final Path CAMEL_K = Path.of("k8s/camel-k");
    private static final Path KAMELETS = Path.of("kamelets");
    private static final YAMLMapper YAML = new YAMLMapper();

    // ---- the Camel K manifests

    @Test
    void theManifestsParseAndNameWhatTheyShould() throws IOException {
        Map<String, JsonNode> byKind = new LinkedHashMap<>();
        for (JsonNode doc : allManifests()) {
            byKind.merge(doc.path("kind").asText() + "/" + doc.at("/metadata/name").asText(), doc, (a, b) -> {
                throw new AssertionError("twice: " + b.at("/metadata/name"));
            });
        }
        assertEquals(new TreeSet<>(List.of("ConfigMap/caravan-camel-k-config", "ConfigMap/caravan-camel-k-routes",
                "Integration/caravan", "Pipe/caravan-forecast-every-minute", "Pipe/caravan-notes-from-http")), new TreeSet<>(byKind.keySet()));
        for (JsonNode doc : byKind.values()) {
            if (!doc.path("kind").asText().equals("ConfigMap")) {
                assertEquals("camel.apache.org/v1", doc.path("apiVersion").asText());
            }
        }
        JsonNode timerPipe = byKind.get("Pipe/caravan-forecast-every-minute");
        assertEquals(List.of("timer-source", "mcp-tool-action", "log-sink"), List.of(timerPipe.at("/spec/source/ref/name").asText(),
                timerPipe.at("/spec/steps/0/ref/name").asText(), timerPipe.at("/spec/sink/ref/name").asText()));
        JsonNode httpPipe = byKind.get("Pipe/caravan-notes-from-http");
        assertEquals("webhook-source", httpPipe.at("/spec/source/ref/name").asText());
        assertEquals("mcp-tool-sink", httpPipe.at("/spec/sink/ref/name").asText());
    }

    @Test
    void everyKameletTheManifestsNameExistsWithThePropertiesTheySet() throws IOException {
        List<String> checked = new ArrayList<>();
        for (JsonNode doc : allManifests()) {
            String where = doc.path("kind").asText() + "/" + doc.at("/metadata/name").asText();
            if (doc.path("kind").asText().equals("Pipe")) {
                List<JsonNode> endpoints = new ArrayList<>();
                endpoints.add(doc.at("/spec/source"));
                doc.at("/spec/steps").forEach(endpoints::add);
                endpoints.add(doc.at("/spec/sink"));
                for (JsonNode e : endpoints) {
                    assertEquals("Kamelet", e.at("/ref/kind").asText(), where);
                    assertEquals("camel.apache.org/v1", e.at("/ref/apiVersion").asText(), where);
                    Map<String, String> set = new HashMap<>();
                    e.path("properties").fields().forEachRemaining(p -> set.put(p.getKey(), p.getValue().asText()));
                    checked.add(checkKamelet(where, e.at("/ref/name").asText(), set));
                }
            } else {
                for (JsonNode routes : routeDocuments(doc)) {
                    for (Map.Entry<String, Map<String, String>> use : kameletUses(routes).entrySet()) {
                        checked.add(checkKamelet(where, use.getKey().replaceFirst("#.*", ""), use.getValue()));
                    }
                }
            }
        }
        assertTrue(checked.containsAll(List.of("mcp-tool-action", "mcp-tool-sink", "mcp-notification-source",
                "mcp-header-forward-action", "timer-source", "log-sink", "webhook-source", "insert-header-action")), checked.toString());
    }

    @Test
    void theIntegrationsInlineRoutesAndTheOverrideRoutesLoadInCamel() throws Exception {
        JsonNode integration = only("Integration");
        List<String> ids = loadRoutes(YAML.writeValueAsString(integration.at("/spec/flows")));
        assertTrue(ids.contains("tool-list-changes"), ids.toString());
        assertTrue(ids.stream().anyMatch(id -> id.startsWith("mcp-notification-source")), "the Kamelet's route was made: " + ids);

        JsonNode routes = configMap("caravan-camel-k-routes");
        for (Iterator<Map.Entry<String, JsonNode>> it = routes.path("data").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> file = it.next();
            String id = file.getKey().replace(".yaml", "");
            assertTrue(Files.isRegularFile(Path.of("src/main/resources/routes", file.getKey())),
                    file.getKey() + " overrides a built-in route");
            assertTrue(loadRoutes(file.getValue().asText()).contains(id), file.getKey() + " keeps the route id " + id);
        }
    }

    /**
     * The Integration's inline flow run in the gateway it is deployed with (as an added route file of
     * the override folder, its URL pointed at the test's gateway): when a backend's tools change, the
     * gateway tells its clients, and the flow's mcp-notification-source hears it and logs it.
     */
    @Test
    void theInlineFlowHearsTheGatewaysToolListChange() throws Exception {
        String flows = YAML.writeValueAsString(only("Integration").at("/spec/flows"));
        assertTrue(flows.contains("http://localhost:8080/mcp"), flows);
        Path overrides = Files.createTempDirectory("caravan-routes");
        try (routes.testing.LogCapture logs = routes.testing.LogCapture.start();
             routes.testing.SdkServerBackend tools = routes.testing.SdkServerBackend.start("tools", "echo")) {
            try (GatewayHarness gateway = startWithFlows(tools, overrides, flows)) {
                await().atMost(Duration.ofSeconds(15)).until(() -> gateway.camel().getRoute("tool-list-changes") != null);
                // until the flow's GET stream is open a change goes unheard: add a tool per poll
                java.util.concurrent.atomic.AtomicInteger added = new java.util.concurrent.atomic.AtomicInteger();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    if (logs.linesContaining("The gateway's tools changed").isEmpty()) {
                        tools.addTool("added-" + added.incrementAndGet());
                        return false;
                    }
                    return true;
                });
            }
        } finally {
            Files.deleteIfExists(overrides.resolve("tool-list-changes.yaml"));
            Files.deleteIfExists(overrides);
        }
    }

    private static GatewayHarness startWithFlows(routes.testing.SdkServerBackend backend, Path overrides, String flows) throws Exception {
        // the harness takes a free port, known only once it runs: the flow's file comes in through live reload
        GatewayHarness gateway = GatewayHarness.start("""
                name: camel-k
                backends:
                  - name: tools
                    url: %s
                    transport: streamable-http
                """.formatted(backend.url()), Map.of("caravan.routes.override-dir", overrides.toString(),
                "caravan.routes.reload-interval", "200"));
        Files.writeString(overrides.resolve("tool-list-changes.yaml"), flows.replace("http://localhost:8080/mcp", gateway.mcpUrl()));
        return gateway;
    }

    @Test
    void theIntegrationMountsTheConfigAndTheOverrideFolderItPointsCaravanAt() throws Exception {
        JsonNode traits = only("Integration").at("/spec/traits");
        Map<String, String> env = new HashMap<>();
        traits.at("/environment/vars").forEach(v -> env.put(v.asText().split("=", 2)[0], v.asText().split("=", 2)[1]));
        Map<String, String> mounts = new HashMap<>();
        traits.at("/mount/resources").forEach(r -> {
            Matcher m = Pattern.compile("configmap:([a-z0-9-]+)@(/.+)").matcher(r.asText());
            assertTrue(m.matches(), r.asText());
            mounts.put(m.group(2), m.group(1));
        });
        assertEquals("caravan-camel-k-routes", mounts.get(env.get("CARAVAN_ROUTES_OVERRIDE_DIR")));
        Path config = Path.of(env.get("CARAVAN_CONFIG"));
        String configMap = mounts.get(config.getParent().toString());
        assertEquals("caravan-camel-k-config", configMap);
        GatewayConfig parsed = ConfigLoader.parse(configMap(configMap).at("/data/" + config.getFileName()).asText(), "k8s/camel-k");
        assertTrue(parsed.staticMode());
        assertEquals(List.of("weather", "notes"), parsed.backends().stream().map(b -> b.name()).toList());
        assertTrue(env.get("CAMEL_MAIN_ROUTESINCLUDEPATTERN").startsWith("classpath:routes/*.yaml,"), "Caravan's own routes stay");
        assertEquals("file:/etc/caravan/kamelets,classpath:kamelets", env.get("CAMEL_COMPONENT_KAMELET_LOCATION"));
        assertEquals("caravan:latest", traits.at("/container/image").asText());
    }

    @Test
    void theProbesAreCamelsHealthEndpointOnTheManagementPortAndAnswer() throws Exception {
        JsonNode health = only("Integration").at("/spec/traits/health");
        assertTrue(health.path("enabled").asBoolean() && health.path("livenessProbeEnabled").asBoolean()
                && health.path("readinessProbeEnabled").asBoolean(), health.toString());
        Properties app = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        String managementPort = app.getProperty("camel.management.port").trim();
        assertEquals(managementPort, health.path("livenessPort").asText());
        assertEquals(managementPort, health.path("readinessPort").asText());
        try (GatewayHarness gateway = GatewayHarness.start(null)) {
            for (String probe : List.of(health.path("livenessProbe").asText(), health.path("readinessProbe").asText())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> gateway.get(gateway.managementUrl() + probe).statusCode() == 200);
            }
        }
    }

    @Test
    void kubectlKustomizeRendersTheFolder() throws Exception {
        boolean onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "kubectl")));
        Assumptions.assumeTrue(onPath, "kubectl is not on PATH");
        Process p = new ProcessBuilder("kubectl", "kustomize", CAMEL_K.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<JsonNode> docs = parse(out);
        assertEquals(5, docs.size());
        assertTrue(docs.stream().allMatch(d -> d.at("/metadata/namespace").asText().equals("caravan")));
    }

    // ---- helpers

    /** Checks one use of a Kamelet; returns its name. */
    private static String checkKamelet(String where, String name, Map<String, String> set) throws IOException {
        JsonNode kamelet = kamelet(name);
        assertNotNull(kamelet, where + " names Kamelet " + name + ", which is neither in kamelets/ nor in the Apache catalog");
        JsonNode def = kamelet.at("/spec/definition");
        for (String p : set.keySet()) {
            assertTrue(def.path("properties").has(p), where + ": Kamelet " + name + " has no property " + p);
        }
        for (String r : texts(def.path("required"))) {
            assertTrue(set.containsKey(r) && !set.get(r).isBlank(), where + ": Kamelet " + name + " needs " + r);
        }
        return name;
    }

    /** Caravan's Kamelet from kamelets/, else the catalog's from the classpath, else null. */
    private static JsonNode kamelet(String name) throws IOException {
        Path own = KAMELETS.resolve(name + ".kamelet.yaml");
        if (Files.isRegularFile(own)) {
            return YAML.readTree(own.toFile());
        }
        try (InputStream in = CamelKManifestsTest.class.getClassLoader().getResourceAsStream("kamelets/" + name + ".kamelet.yaml")) {
            return in == null ? null : YAML.readTree(in);
        }
    }

    /** The route lists of a manifest: an Integration's flows, an override ConfigMap's files. */
    private static List<JsonNode> routeDocuments(JsonNode doc) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (doc.path("kind").asText().equals("Integration")) {
            out.add(doc.at("/spec/flows"));
        } else if (doc.at("/metadata/name").asText().equals("caravan-camel-k-routes")) {
            for (JsonNode file : doc.path("data")) {
                out.add(YAML.readTree(file.asText()));
            }
        }
        return out;
    }

    /** Each Kamelet a route list uses (as {@code kamelet:} URI or step), with the properties it sets. */
    private static Map<String, Map<String, String>> kameletUses(JsonNode routes) {
        Map<String, Map<String, String>> uses = new LinkedHashMap<>();
        collect(routes, uses);
        return uses;
    }

    private static void collect(JsonNode node, Map<String, Map<String, String>> uses) {
        if (node.isObject()) {
            String uri = node.path("uri").asText(node.path("kamelet").path("name").asText(""));
            if (uri.startsWith("kamelet:") || node.has("kamelet")) {
                String ref = uri.replaceFirst("^kamelet:", "");
                if (!ref.equals("source") && !ref.equals("sink")) {
                    Map<String, String> set = new HashMap<>();
                    String[] parts = ref.split("\\?", 2);
                    if (parts.length == 2) {
                        for (String kv : parts[1].split("&")) {
                            String[] p = kv.split("=", 2);
                            set.put(p[0], URLDecoder.decode(p.length == 2 ? p[1] : "", StandardCharsets.UTF_8));
                        }
                    }
                    node.path("parameters").fields().forEachRemaining(p -> set.put(p.getKey(), p.getValue().asText()));
                    uses.put(parts[0].split("/")[0] + "#" + uses.size(), set);
                }
            }
            node.fields().forEachRemaining(f -> collect(f.getValue(), uses));
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, uses));
        }
    }

    /** Loads YAML routes into a Camel context with the Kamelet locations the gateway uses; the route ids. */
    private static List<String> loadRoutes(String yaml) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getComponent("kamelet", KameletComponent.class).setLocation("file:kamelets,classpath:kamelets");
            // built, not run: the routes and the Kamelets' routes are created, no consumer connects
            camel.setAutoStartup(false);
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("manifest.yaml", yaml));
            camel.start();
            return camel.getRoutes().stream().map(r -> r.getRouteId()).toList();
        }
    }

    private static JsonNode only(String kind) throws IOException {
        List<JsonNode> found = allManifests().stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertEquals(1, found.size(), kind);
        return found.get(0);
    }

    private static JsonNode configMap(String name) throws IOException {
        return allManifests().stream().filter(d -> d.path("kind").asText().equals("ConfigMap")
                && d.at("/metadata/name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static List<JsonNode> allManifests() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(CAMEL_K)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml")).sorted().toList()) {
                docs.addAll(parse(Files.readString(f)));
            }
        }
        return docs;
    }

    private static List<JsonNode> parse(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
        }
        return docs;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
