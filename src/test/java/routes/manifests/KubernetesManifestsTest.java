package routes.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.config.ConfigLoader;
import routes.config.GatewayConfig;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The manifests of {@code k8s/} (issue 12): every document parses; the CRDs are ToolHive's five
 * kinds, structural, v1beta1; the examples validate against the CRDs' schemas and broken copies of
 * them do not; {@code kubectl kustomize} renders; the Deployment, Service and Role say exactly what
 * ToolHive's vMCP pod contract and the least-rights rule say; the ConfigMap's config loads in
 * dynamic mode.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final String GROUP = "toolhive.stacklok.dev";
    private static final String API_VERSION = GROUP + "/v1beta1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    /** kind → plural, as ToolHive names them. */
    private static final Map<String, String> KINDS = Map.of(
            "MCPServerEntry", "mcpserverentries",
            "MCPServer", "mcpservers",
            "MCPRemoteProxy", "mcpremoteproxies",
            "MCPGroup", "mcpgroups",
            "MCPExternalAuthConfig", "mcpexternalauthconfigs");

    // ---- (a) every document parses and names itself

    static Stream<Path> yamlFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(K8S)) {
            return walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void theManifestsAreThere() throws IOException {
        List<String> files = yamlFiles().map(p -> K8S.relativize(p).toString().replace(File.separatorChar, '/')).toList();
        assertTrue(files.containsAll(List.of("kustomization.yaml", "crds/kustomization.yaml", "gateway/kustomization.yaml",
                "gateway/deployment.yaml", "gateway/service.yaml", "gateway/role.yaml", "gateway/rolebinding.yaml",
                "gateway/serviceaccount.yaml", "gateway/configmap.yaml", "examples/kustomization.yaml",
                "examples/toolhive-operator/virtualmcpserver.yaml")), files::toString);
        assertTrue(Files.isRegularFile(K8S.resolve("README.md")));
        assertTrue(Files.isRegularFile(K8S.resolve("examples/toolhive-operator/README.md")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlFiles")
    void everyDocumentParsesAndHasApiVersionKindAndName(Path file) throws IOException {
        List<JsonNode> docs = documents(file);
        assertFalse(docs.isEmpty(), file + " has no document");
        for (JsonNode doc : docs) {
            String where = file + " document " + (docs.indexOf(doc) + 1);
            assertTrue(doc.isObject(), where + " is not a mapping");
            assertTrue(doc.path("apiVersion").isTextual(), where + " has no apiVersion");
            assertTrue(doc.path("kind").isTextual(), where + " has no kind");
            // a kustomization file is kustomize's input, not an object of the API: it has no name
            if (!doc.path("kind").asText().equals("Kustomization")) {
                assertFalse(doc.at("/metadata/name").asText().isEmpty(), where + " has no metadata.name");
            }
        }
    }

    // ---- (b) the CRDs: ToolHive's five kinds, v1beta1, status subresource, structural schema

    @Test
    void theCrdsAreToolHivesFiveKinds() throws IOException {
        Map<String, JsonNode> crds = crds();
        assertEquals(KINDS.keySet(), crds.keySet());
        for (Map.Entry<String, JsonNode> e : crds.entrySet()) {
            JsonNode spec = e.getValue().path("spec");
            String kind = e.getKey();
            assertEquals(GROUP, spec.path("group").asText(), kind);
            assertEquals("Namespaced", spec.path("scope").asText(), kind);
            assertEquals(KINDS.get(kind), spec.at("/names/plural").asText(), kind);
            assertEquals(KINDS.get(kind) + "." + GROUP, e.getValue().at("/metadata/name").asText(), kind);
            assertEquals(1, spec.path("versions").size(), kind + ": v1beta1 only");
            JsonNode v = spec.path("versions").get(0);
            assertEquals("v1beta1", v.path("name").asText(), kind);
            assertTrue(v.path("served").asBoolean() && v.path("storage").asBoolean(), kind + ": served and storage");
            assertTrue(v.at("/subresources/status").isObject(), kind + ": status subresource");
            JsonNode schema = v.at("/schema/openAPIV3Schema");
            assertTrue(schema.isObject(), kind + ": openAPIV3Schema");
            assertEquals(List.of(), structuralProblems(schema, "openAPIV3Schema"), kind);
            assertTrue(schema.at("/properties/spec").isObject() && schema.at("/properties/status").isObject(), kind);
        }
    }

    @Test
    void eachCrdSaysWhatItMirrorsAndWhenToSkipIt() throws IOException {
        for (Path file : crdFiles()) {
            String head = Files.readString(file).lines().takeWhile(l -> l.startsWith("#")).collect(Collectors.joining("\n"));
            assertTrue(head.contains("ToolHive v0.44") && head.contains("v1beta1") && head.contains("clusters without ToolHive")
                    && head.contains("Skip"), file + " header: " + head);
        }
    }

    /** The fields a gateway reads have ToolHive's types, enums, patterns and required lists. */
    @Test
    void theFieldsAGatewayReadsAreToolHives() throws IOException {
        Map<String, JsonNode> crds = crds();
        JsonNode entry = schemaOf(crds.get("MCPServerEntry")).path("properties");
        JsonNode entrySpec = entry.path("spec");
        assertEquals(Set.of("groupRef", "remoteUrl", "transport"), textSet(entrySpec.path("required")));
        assertEquals("^https?://", entrySpec.at("/properties/remoteUrl/pattern").asText());
        assertEquals(List.of("sse", "streamable-http"), texts(entrySpec.at("/properties/transport/enum")));
        assertEquals(JSON.readTree("false"), entrySpec.at("/properties/allowPrivateEndpoint/default"));
        assertEquals(1, entrySpec.at("/properties/headerForward/properties/addHeadersFromSecret/items/properties/headerName/minLength").asInt());
        assertEquals(255, entrySpec.at("/properties/headerForward/properties/addHeadersFromSecret/items/properties/headerName/maxLength").asInt());
        assertEquals("string", entrySpec.at("/properties/headerForward/properties/addPlaintextHeaders/additionalProperties/type").asText());
        assertEquals(Set.of("key"), textSet(entrySpec.at("/properties/caBundleRef/properties/configMapRef/required")));
        assertEquals(List.of("Valid", "Pending", "Failed"), texts(entry.at("/status/properties/phase/enum")));
        assertEquals(Set.of("lastTransitionTime", "message", "reason", "status", "type"),
                textSet(entry.at("/status/properties/conditions/items/required")));

        JsonNode server = schemaOf(crds.get("MCPServer")).path("properties");
        assertEquals(Set.of("image"), textSet(server.at("/spec/required")));
        assertEquals(List.of("stdio", "streamable-http", "sse"), texts(server.at("/spec/properties/transport/enum")));
        assertEquals(List.of("Pending", "Ready", "Failed", "Terminating", "Stopped"), texts(server.at("/status/properties/phase/enum")));
        assertEquals("string", server.at("/status/properties/url/type").asText());

        JsonNode proxy = schemaOf(crds.get("MCPRemoteProxy")).path("properties");
        assertEquals(Set.of("remoteUrl"), textSet(proxy.at("/spec/required")));
        assertEquals(entrySpec.at("/properties/headerForward/properties"), proxy.at("/spec/properties/headerForward/properties"));
        assertEquals(List.of("Pending", "Ready", "Failed", "Terminating"), texts(proxy.at("/status/properties/phase/enum")));

        JsonNode auth = schemaOf(crds.get("MCPExternalAuthConfig")).at("/properties/spec");
        assertEquals(List.of("tokenExchange", "headerInjection", "bearerToken", "unauthenticated", "embeddedAuthServer",
                "awsSts", "upstreamInject", "obo", "xaa"), texts(auth.at("/properties/type/enum")));
        assertEquals(Set.of("headerName", "valueSecretRef"), textSet(auth.at("/properties/headerInjection/required")));
        assertEquals(Set.of("audience", "tokenUrl"), textSet(auth.at("/properties/tokenExchange/required")));

        assertEquals("string", schemaOf(crds.get("MCPGroup")).at("/properties/spec/properties/description/type").asText());
    }

    // ---- (c) the examples validate against the CRDs, and broken copies do not

    @Test
    void everyExampleOfTheFiveKindsValidatesAgainstItsCrd() throws IOException {
        Map<String, Schema> schemas = schemas();
        Map<String, Integer> validated = new HashMap<>();
        for (Path file : exampleFiles()) {
            for (JsonNode doc : documents(file)) {
                String kind = doc.path("kind").asText();
                if (!doc.path("apiVersion").asText().startsWith(GROUP + "/") || !KINDS.containsKey(kind)) {
                    continue;
                }
                assertEquals(API_VERSION, doc.path("apiVersion").asText(), file + " " + kind);
                List<Error> errors = schemas.get(kind).validate(doc);
                assertEquals(List.of(), messages(errors), file + " " + kind + " " + doc.at("/metadata/name").asText());
                validated.merge(kind, 1, Integer::sum);
            }
        }
        assertEquals(KINDS.keySet(), validated.keySet(), "every kind has an example: " + validated);
    }

    /** The Copilot-style entry of the seed: toolsets as a plain header, the API key from a Secret. */
    @Test
    void theCopilotEntryForwardsToolsetsAndAnApiKeyFromASecret() throws IOException {
        List<JsonNode> docs = documents(K8S.resolve("examples/copilot-entry.yaml"));
        JsonNode entry = only(docs, "MCPServerEntry");
        assertEquals("https://api.githubcopilot.com/mcp/", entry.at("/spec/remoteUrl").asText());
        assertEquals("projects,issues,pull_requests", entry.at("/spec/headerForward/addPlaintextHeaders/X-MCP-Toolsets").asText());
        JsonNode fromSecret = entry.at("/spec/headerForward/addHeadersFromSecret/0");
        assertEquals("X-Api-Key", fromSecret.path("headerName").asText());
        JsonNode secret = only(docs, "Secret");
        assertEquals(secret.at("/metadata/name"), fromSecret.at("/valueSecretRef/name"));
        assertTrue(secret.at("/stringData").has(fromSecret.at("/valueSecretRef/key").asText()));
        assertTrue(secret.at("/stringData/" + fromSecret.at("/valueSecretRef/key").asText()).asText().contains("REPLACE"),
                "the example's Secret holds a marked placeholder, not a key");
    }

    /** One row per way to get a resource wrong; each must fail with the keyword that catches it. */
    static Stream<Arguments> brokenExamples() {
        String longName = "X".repeat(256);
        return Stream.of(
                broken("entry without remoteUrl", "MCPServerEntry", "required", s -> s.remove("remoteUrl")),
                broken("entry without transport", "MCPServerEntry", "required", s -> s.remove("transport")),
                broken("entry without groupRef", "MCPServerEntry", "required", s -> s.remove("groupRef")),
                broken("entry with transport websocket", "MCPServerEntry", "enum", s -> s.put("transport", "websocket")),
                broken("entry with transport stdio", "MCPServerEntry", "enum", s -> s.put("transport", "stdio")),
                broken("entry with an ftp:// remoteUrl", "MCPServerEntry", "pattern", s -> s.put("remoteUrl", "ftp://files.example.com/mcp")),
                broken("entry with a remoteUrl without scheme", "MCPServerEntry", "pattern", s -> s.put("remoteUrl", "api.githubcopilot.com/mcp/")),
                broken("entry with allowPrivateEndpoint as text", "MCPServerEntry", "type", s -> s.put("allowPrivateEndpoint", "yes")),
                broken("entry with an empty group name", "MCPServerEntry", "minLength", s -> ((ObjectNode) s.path("groupRef")).put("name", "")),
                broken("entry with an empty header name", "MCPServerEntry", "minLength",
                        s -> ((ObjectNode) s.at("/headerForward/addHeadersFromSecret/0")).put("headerName", "")),
                broken("entry with a 256-character header name", "MCPServerEntry", "maxLength",
                        s -> ((ObjectNode) s.at("/headerForward/addHeadersFromSecret/0")).put("headerName", longName)),
                broken("entry with a secret header without its key", "MCPServerEntry", "required",
                        s -> ((ObjectNode) s.at("/headerForward/addHeadersFromSecret/0/valueSecretRef")).remove("key")),
                broken("entry with a plain header that is a number", "MCPServerEntry", "type",
                        s -> ((ObjectNode) s.at("/headerForward/addPlaintextHeaders")).put("X-MCP-Toolsets", 3)),
                broken("entry with a CA bundle without key", "MCPServerEntry", "required",
                        s -> s.putObject("caBundleRef").putObject("configMapRef").put("name", "ca")),
                broken("server without image", "MCPServer", "required", s -> s.remove("image")),
                broken("server with transport websocket", "MCPServer", "enum", s -> s.put("transport", "websocket")),
                broken("server with proxyPort 0", "MCPServer", "minimum", s -> s.put("proxyPort", 0)),
                broken("proxy with an ftp:// remoteUrl", "MCPRemoteProxy", "pattern", s -> s.put("remoteUrl", "ftp://docs.example.com")),
                broken("proxy without remoteUrl", "MCPRemoteProxy", "required", s -> s.remove("remoteUrl")),
                broken("auth config with type basic", "MCPExternalAuthConfig", "enum", s -> s.put("type", "basic")),
                broken("auth config without type", "MCPExternalAuthConfig", "required", s -> s.remove("type")),
                broken("header injection without a secret", "MCPExternalAuthConfig", "required",
                        s -> ((ObjectNode) s.path("headerInjection")).remove("valueSecretRef")),
                broken("group with a numeric description", "MCPGroup", "type", s -> s.put("description", 7)));
    }

    private static Arguments broken(String name, String kind, String keyword, Consumer<ObjectNode> breakSpec) {
        return Arguments.of(name, kind, keyword, breakSpec);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenExamples")
    void aBrokenExampleFailsValidation(String name, String kind, String keyword, Consumer<ObjectNode> breakSpec)
            throws IOException {
        JsonNode example = firstExample(kind);
        assertEquals(List.of(), messages(schemas().get(kind).validate(example)), "the unbroken " + kind);
        ObjectNode copy = example.deepCopy();
        breakSpec.accept((ObjectNode) copy.path("spec"));
        List<Error> errors = schemas().get(kind).validate(copy);
        assertTrue(errors.stream().anyMatch(e -> keyword.equals(e.getKeyword())),
                () -> name + ": expected a '" + keyword + "' error, got " + messages(errors));
    }

    /** VirtualMCPServer is ToolHive's CRD, not ours: the example has the fields ToolHive requires. */
    @Test
    void theOperatorExampleIsADynamicModeVirtualMcpServerOfItsGroup() throws IOException {
        List<JsonNode> docs = documents(K8S.resolve("examples/toolhive-operator/virtualmcpserver.yaml"));
        JsonNode vmcp = only(docs, "VirtualMCPServer");
        assertEquals(API_VERSION, vmcp.path("apiVersion").asText());
        assertEquals(only(docs, "MCPGroup").at("/metadata/name"), vmcp.at("/spec/groupRef/name"));
        assertEquals("anonymous", vmcp.at("/spec/incomingAuth/type").asText());
        assertEquals("discovered", vmcp.at("/spec/outgoingAuth/source").asText());
        String readme = Files.readString(K8S.resolve("examples/toolhive-operator/README.md"));
        assertTrue(readme.contains("VMCP_IMAGE") && readme.contains("operator.vmcpImage"), "README names VMCP_IMAGE and the Helm value");
    }

    // ---- (d) kubectl kustomize renders

    @Test
    void kubectlKustomizeRendersTheBase() throws Exception {
        List<JsonNode> rendered = kustomize(K8S);
        Set<String> objects = rendered.stream().map(d -> d.path("kind").asText() + "/" + d.at("/metadata/name").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>(List.of("Namespace/caravan", "ServiceAccount/caravan", "Role/caravan",
                "RoleBinding/caravan", "ConfigMap/caravan-config", "Deployment/caravan", "Service/caravan"));
        KINDS.values().forEach(plural -> expected.add("CustomResourceDefinition/" + plural + "." + GROUP));
        assertEquals(expected, objects);
        for (JsonNode d : rendered) {
            boolean clusterScoped = Set.of("Namespace", "CustomResourceDefinition").contains(d.path("kind").asText());
            assertEquals(clusterScoped ? "" : "caravan", d.at("/metadata/namespace").asText(), d.path("kind").asText());
        }
        JsonNode binding = only(rendered, "RoleBinding");
        assertEquals("caravan", binding.at("/subjects/0/namespace").asText(), "the binding names the SA's namespace");
    }

    @Test
    void kubectlKustomizeRendersTheGatewayAloneAndTheExamples() throws Exception {
        List<JsonNode> gateway = kustomize(K8S.resolve("gateway"));
        assertTrue(gateway.stream().noneMatch(d -> d.path("kind").asText().equals("CustomResourceDefinition")),
                "k8s/gateway/ is for clusters that have ToolHive's CRDs");
        assertEquals(7, gateway.size());
        List<JsonNode> examples = kustomize(K8S.resolve("examples"));
        assertTrue(examples.stream().allMatch(d -> d.at("/metadata/namespace").asText().equals("caravan")));
        assertEquals(KINDS.keySet(), examples.stream().map(d -> d.path("kind").asText()).filter(KINDS::containsKey)
                .collect(Collectors.toSet()));
    }

    // ---- (e) the Deployment and Service are the operator's pod, as the contract says

    @Test
    void theDeploymentIsThePodOfTheContract() throws IOException {
        JsonNode deployment = only(documents(K8S.resolve("gateway/deployment.yaml")), "Deployment");
        JsonNode pod = deployment.at("/spec/template/spec");
        assertEquals(1, pod.path("containers").size());
        JsonNode c = pod.at("/containers/0");
        assertEquals("caravan:latest", c.path("image").asText());
        assertTrue(c.path("command").isMissingNode(), "the image's ENTRYPOINT runs, as under the operator");
        assertEquals(yaml("[serve, --config=/etc/vmcp-config/config.yaml, --host=0.0.0.0, --port=4483]"), c.path("args"));
        assertEquals(yaml("{name: http, containerPort: 4483, protocol: TCP}"), c.at("/ports/0"));
        assertEquals(yaml("{httpGet: {path: /health, port: http}, initialDelaySeconds: 30, periodSeconds: 10,"
                + " timeoutSeconds: 5, failureThreshold: 3}"), c.path("livenessProbe"));
        assertEquals(yaml("{httpGet: {path: /readyz, port: http}, initialDelaySeconds: 15, periodSeconds: 5,"
                + " timeoutSeconds: 3, failureThreshold: 3}"), c.path("readinessProbe"));
        assertEquals(yaml("{requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 512Mi}}"), c.path("resources"));
        assertEquals(yaml("{runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000,"
                + " seccompProfile: {type: RuntimeDefault}}"), pod.path("securityContext"));
        assertEquals(yaml("{privileged: false, runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000,"
                + " allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]},"
                + " seccompProfile: {type: RuntimeDefault}}"), c.path("securityContext"));
        // the ConfigMap's config is anonymous: the explicit setting lets the Service reach it
        assertEquals(yaml("[{name: VMCP_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}},"
                + " {name: CARAVAN_SERVER_ALLOW_ANONYMOUS_REMOTE, value: \"true\"}]"), c.path("env"));
        assertEquals(yaml("[{name: vmcp-config, mountPath: /etc/vmcp-config, readOnly: true}]"), c.path("volumeMounts"));
        assertEquals(yaml("[{name: vmcp-config, configMap: {name: caravan-config}}]"), pod.path("volumes"));
        assertTrue(pod.path("volumes").findValues("emptyDir").isEmpty(), "no writable volume, as in the operator's pod");
        assertEquals("caravan", pod.path("serviceAccountName").asText());
        assertEquals(30, pod.path("terminationGracePeriodSeconds").asInt());
        assertEquals(deployment.at("/spec/selector/matchLabels"), deployment.at("/spec/template/metadata/labels"));
        String text = Files.readString(K8S.resolve("gateway/deployment.yaml"));
        assertTrue(text.contains("# - name: CARAVAN_DISCOVERY_ALLOWED_HOSTS"), "the SSRF allow-list is documented, off");
    }

    @Test
    void theServiceIsTheOperatorsVmcpService() throws IOException {
        JsonNode service = only(documents(K8S.resolve("gateway/service.yaml")), "Service");
        JsonNode deployment = only(documents(K8S.resolve("gateway/deployment.yaml")), "Deployment");
        assertEquals("caravan", service.at("/metadata/name").asText());
        assertEquals("ClusterIP", service.at("/spec/type").asText());
        assertEquals("ClientIP", service.at("/spec/sessionAffinity").asText());
        assertEquals(yaml("[{name: http, port: 4483, targetPort: 4483, protocol: TCP}]"), service.at("/spec/ports"));
        assertEquals(deployment.at("/spec/selector/matchLabels"), service.at("/spec/selector"));
    }

    // ---- (f) the ConfigMap's config loads, in dynamic mode, for the examples' group

    @Test
    void theConfigMapsConfigLoadsInDynamicMode() throws Exception {
        JsonNode configMap = only(documents(K8S.resolve("gateway/configmap.yaml")), "ConfigMap");
        assertEquals("caravan-config", configMap.at("/metadata/name").asText());
        GatewayConfig config = ConfigLoader.parse(configMap.at("/data/config.yaml").asText(), "k8s/gateway/configmap.yaml");
        assertEquals("caravan", config.name());
        assertEquals("team-tools", config.groupRef());
        assertEquals(List.of(), config.backends());
        assertFalse(config.staticMode());
        assertEquals("discovered", config.outgoingAuth().source());
        for (Path file : exampleFiles().stream().filter(f -> !f.toString().contains("toolhive-operator")).toList()) {
            for (JsonNode doc : documents(file)) {
                if (doc.path("kind").asText().equals("MCPGroup")) {
                    assertEquals(config.groupRef(), doc.at("/metadata/name").asText(), file.toString());
                } else if (doc.at("/spec/groupRef").isObject()) {
                    assertEquals(config.groupRef(), doc.at("/spec/groupRef/name").asText(), file + ": in the gateway's group");
                }
            }
        }
    }

    // ---- (g) the Role grants exactly the least rights

    @Test
    void theRoleGrantsExactlyTheLeastRights() throws IOException {
        JsonNode role = only(documents(K8S.resolve("gateway/role.yaml")), "Role");
        // group | resource | verbs: the contract's four rules, then entry status and the Lease
        Set<String> expected = new TreeSet<>(List.of(
                " | configmaps | get,list,watch",
                " | secrets | get,list,watch",
                "toolhive.stacklok.dev | mcpgroups | get,list,watch",
                "toolhive.stacklok.dev | mcpservers | get,list,watch",
                "toolhive.stacklok.dev | mcpremoteproxies | get,list,watch",
                "toolhive.stacklok.dev | mcpserverentries | get,list,watch",
                "toolhive.stacklok.dev | mcpexternalauthconfigs | get,list,watch",
                "toolhive.stacklok.dev | mcptoolconfigs | get,list,watch",
                "toolhive.stacklok.dev | virtualmcpservers | get",
                "toolhive.stacklok.dev | virtualmcpservers/status | patch,update",
                "toolhive.stacklok.dev | mcpserverentries/status | get,patch,update",
                "coordination.k8s.io | leases | create,get,list,patch,update,watch"));
        Set<String> granted = new TreeSet<>();
        for (JsonNode rule : role.path("rules")) {
            assertTrue(rule.path("resourceNames").isMissingNode() && rule.path("nonResourceURLs").isMissingNode(), rule::toString);
            String verbs = texts(rule.path("verbs")).stream().sorted().collect(Collectors.joining(","));
            for (String group : texts(rule.path("apiGroups"))) {
                for (String resource : texts(rule.path("resources"))) {
                    assertTrue(granted.add(group + " | " + resource + " | " + verbs), "granted twice: " + resource);
                }
            }
        }
        assertEquals(expected, granted);
        assertFalse(role.path("rules").toString().contains("\"*\""), "no wildcard");
        for (String grant : granted) {
            boolean writesObjects = grant.matches(".*\\b(create|delete|deletecollection)\\b.*");
            assertTrue(!writesObjects || grant.startsWith("coordination.k8s.io | leases |"), "only the Lease is created: " + grant);
        }
        JsonNode binding = only(documents(K8S.resolve("gateway/rolebinding.yaml")), "RoleBinding");
        assertEquals(yaml("{apiGroup: rbac.authorization.k8s.io, kind: Role, name: caravan}"), binding.path("roleRef"));
        assertEquals("ServiceAccount/caravan", binding.at("/subjects/0/kind").asText() + "/" + binding.at("/subjects/0/name").asText());
        assertEquals(1, binding.path("subjects").size());
    }

    // ---- helpers

    static List<JsonNode> documents(Path file) throws IOException {
        return parseAll(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static List<JsonNode> parseAll(String text) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(text)) {
            var values = JSON.readValues(parser, JsonNode.class);
            while (values.hasNext()) {
                JsonNode doc = values.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static List<Path> crdFiles() throws IOException {
        return yamlFiles().filter(p -> p.startsWith(K8S.resolve("crds")) && !p.endsWith("kustomization.yaml")).toList();
    }

    private static List<Path> exampleFiles() throws IOException {
        return yamlFiles().filter(p -> p.startsWith(K8S.resolve("examples")) && !p.endsWith("kustomization.yaml")).toList();
    }

    /** kind → its CRD. */
    private static Map<String, JsonNode> crds() throws IOException {
        Map<String, JsonNode> crds = new HashMap<>();
        for (Path file : crdFiles()) {
            for (JsonNode doc : documents(file)) {
                assertEquals("CustomResourceDefinition", doc.path("kind").asText(), file.toString());
                assertEquals(null, crds.put(doc.at("/spec/names/kind").asText(), doc), "two CRDs for one kind");
            }
        }
        return crds;
    }

    private static JsonNode schemaOf(JsonNode crd) {
        return crd.at("/spec/versions/0/schema/openAPIV3Schema");
    }

    /** The Kubernetes extensions say how the API server stores a field; they validate nothing. */
    private static final List<String> KUBERNETES_KEYWORDS = List.of("x-kubernetes-preserve-unknown-fields",
            "x-kubernetes-list-type", "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "x-kubernetes-int-or-string",
            "x-kubernetes-embedded-resource", "x-kubernetes-validations");

    /**
     * kind → a validator of its openAPIV3Schema, in OpenAPI 3.0's dialect. The CEL rules of
     * x-kubernetes-validations are the API server's to check, not this validator's.
     */
    private static Map<String, Schema> schemas() throws IOException {
        Dialect.Builder dialect = Dialect.builder(Dialects.getOpenApi30());
        KUBERNETES_KEYWORDS.forEach(k -> dialect.keyword(new NonValidationKeyword(k)));
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(dialect.build());
        Map<String, Schema> schemas = new HashMap<>();
        crds().forEach((kind, crd) -> schemas.put(kind, registry.getSchema(schemaOf(crd))));
        return schemas;
    }

    private static JsonNode firstExample(String kind) throws IOException {
        for (Path file : exampleFiles()) {
            for (JsonNode doc : documents(file)) {
                if (doc.path("kind").asText().equals(kind)) {
                    return doc;
                }
            }
        }
        throw new AssertionError("no example of " + kind);
    }

    /**
     * What the API server calls a structural schema, as far as these CRDs go: every property, item
     * and additionalProperties has a type (or keeps unknown fields), and an object has properties
     * or additionalProperties, not both.
     */
    private static List<String> structuralProblems(JsonNode node, String path) {
        List<String> problems = new ArrayList<>();
        boolean typed = node.path("type").isTextual() && !node.path("type").asText().isEmpty();
        if (!typed && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean()
                && !node.path("x-kubernetes-int-or-string").asBoolean()) {
            problems.add(path + ": no type");
        }
        if (node.has("properties") && node.has("additionalProperties")) {
            problems.add(path + ": both properties and additionalProperties");
        }
        node.path("properties").fields().forEachRemaining(f -> problems.addAll(structuralProblems(f.getValue(), path + "." + f.getKey())));
        if (node.has("items")) {
            problems.addAll(structuralProblems(node.path("items"), path + "[]"));
        }
        if (node.path("additionalProperties").isObject()) {
            problems.addAll(structuralProblems(node.path("additionalProperties"), path + "{}"));
        }
        return problems;
    }

    /** Runs {@code kubectl kustomize dir}; skips the test where kubectl is not installed. */
    private static List<JsonNode> kustomize(Path dir) throws Exception {
        boolean onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "kubectl")));
        Assumptions.assumeTrue(onPath, "kubectl is not on PATH: skipping the `kubectl kustomize` check of " + dir);
        Path err = Files.createTempFile("kustomize", ".err");
        try {
            Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("kubectl kustomize " + dir + " did not finish in 60 s");
            }
            assertEquals(0, p.exitValue(), () -> "kubectl kustomize " + dir + " failed: " + readQuietly(err));
            return parseAll(out);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static JsonNode only(List<JsonNode> docs, String kind) {
        List<JsonNode> found = docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<String> textSet(JsonNode array) {
        return new TreeSet<>(texts(array));
    }

    private static List<String> messages(List<Error> errors) {
        return errors.stream().map(Error::toString).toList();
    }
}
