package routes.discovery.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.discovery.kubernetes.EntryVerdict.Condition;

/** Validation of MCPServerEntries against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class EntryValidationTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NS = "tools";
    private static final String SECRET_VALUE = "s3cr3t-t0ken-value";

    private EntryValidation validation;

    @BeforeEach
    void setUp() {
        validation = new EntryValidation(client, NS, RemoteUrlPolicy.fromSetting(""));
        group("team", null);
    }

    @AfterEach
    void clean() {
        client.secrets().inNamespace(NS).delete();
        client.configMaps().inNamespace(NS).delete();
        client.genericKubernetesResources(WorkloadKind.MCP_GROUP.context()).inNamespace(NS).delete();
    }

    /** An entry as the watch delivers it: a JSON body, unmarshalled. */
    private static GenericKubernetesResource entry(String specJson) {
        String json = "{\"apiVersion\":\"toolhive.stacklok.dev/v1beta1\",\"kind\":\"MCPServerEntry\","
                + "\"metadata\":{\"name\":\"github\",\"namespace\":\"" + NS + "\",\"generation\":3}"
                + (specJson == null ? "" : ",\"spec\":" + specJson) + "}";
        return Serialization.unmarshal(json, GenericKubernetesResource.class);
    }

    private static String spec(String extra) {
        return "{\"remoteUrl\":\"https://mcp.example.com/mcp\",\"transport\":\"streamable-http\",\"groupRef\":{\"name\":\"team\"}"
                + (extra == null ? "" : "," + extra) + "}";
    }

    private static final String API_KEY_FROM_SECRET = "\"headerForward\":{\"addHeadersFromSecret\":[{\"headerName\":\"X-Api-Key\","
            + "\"valueSecretRef\":{\"name\":\"gh\",\"key\":\"token\"}}]}";

    private static void group(String name, String phase) {
        GenericKubernetesResource g = Serialization.unmarshal("{\"apiVersion\":\"toolhive.stacklok.dev/v1beta1\",\"kind\":\"MCPGroup\","
                + "\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + NS + "\"},\"spec\":{}"
                + (phase == null ? "" : ",\"status\":{\"phase\":\"" + phase + "\"}") + "}", GenericKubernetesResource.class);
        client.genericKubernetesResources(WorkloadKind.MCP_GROUP.context()).inNamespace(NS).resource(g).createOr(r -> r.update());
    }

    private static void secret(String name, Map<String, String> values) {
        Map<String, String> data = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .endMetadata().withData(data).build()).createOr(r -> r.update());
    }

    private static void configMap(String name, Map<String, String> data) {
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .endMetadata().withData(data).build()).createOr(r -> r.update());
    }

    private static void assertCondition(EntryVerdict v, String type, String status, String reason, String message) {
        Condition c = v.condition(type);
        assertTrue(c != null, type + " missing in " + v);
        assertEquals(status, c.status(), type + " in " + v);
        assertEquals(reason, c.reason(), type + " in " + v);
        assertEquals(message, c.message(), type + " in " + v);
    }

    private static void assertFailedNaming(EntryVerdict v, String text) {
        assertEquals("Failed", v.phase(), v.toString());
        assertFalse(v.valid());
        assertFalse(v.unknown());
        assertCondition(v, "Valid", "False", "ConfigInvalid", v.condition("Valid").message());
        assertTrue(v.message().contains(text), v.message());
    }

    @Test
    void aCompleteEntryIsValidWithEveryConditionInToolHivesOrder() {
        secret("gh", Map.of("token", SECRET_VALUE));
        configMap("corp-ca", Map.of("ca.crt", "-----BEGIN CERTIFICATE-----"));
        EntryVerdict v = validation.validate(entry(spec(API_KEY_FROM_SECRET
                + ",\"caBundleRef\":{\"configMapRef\":{\"name\":\"corp-ca\"}}")));

        assertTrue(v.valid(), v.toString());
        assertEquals("Valid", v.phase());
        assertEquals(3, v.generation());
        assertEquals("github", v.name());
        assertEquals(List.of("RemoteURLValidated", "GroupRefValidated", "CABundleRefValidated", "HeaderSecretRefsValidated", "Valid"),
                v.conditions().stream().map(Condition::type).toList());
        assertCondition(v, "RemoteURLValidated", "True", "RemoteURLValid", "Remote URL is valid");
        assertCondition(v, "GroupRefValidated", "True", "GroupRefIsValid", "Referenced MCPGroup exists and is ready");
        assertCondition(v, "CABundleRefValidated", "True", "CABundleRefValid", "Referenced CA bundle ConfigMap exists");
        assertCondition(v, "HeaderSecretRefsValidated", "True", "HeaderSecretsValid",
                "All referenced header Secrets exist with required keys");
        assertCondition(v, "Valid", "True", "ConfigValid", "All referenced resources are valid");
    }

    @Test
    void withoutSecretRefsOrCaBundleThoseConditionsAreAbsent() {
        EntryVerdict v = validation.validate(entry(spec("\"headerForward\":{\"addPlaintextHeaders\":{\"X-Trace\":\"abc\"}}")));
        assertTrue(v.valid(), v.toString());
        assertNull(v.condition("HeaderSecretRefsValidated"));
        assertNull(v.condition("CABundleRefValidated"));
        assertNull(v.condition("ExternalAuthConfigValidated"));
    }

    @Test
    void aBlockedRemoteUrlFailsRemoteUrlValidated() {
        EntryVerdict v = validation.validate(entry("{\"remoteUrl\":\"http://169.254.169.254/\",\"transport\":\"sse\","
                + "\"groupRef\":{\"name\":\"team\"}}"));
        assertCondition(v, "RemoteURLValidated", "False", "RemoteURLInvalid",
                "remote URL host is not allowed: IP address 169.254.169.254 falls within blocked range 169.254.0.0/16");
        assertCondition(v, "GroupRefValidated", "True", "GroupRefIsValid", "Referenced MCPGroup exists and is ready");
        assertCondition(v, "Valid", "False", "ConfigInvalid", "One or more referenced resources are missing or invalid");
        assertFailedNaming(v, "169.254.0.0/16");
    }

    @Test
    void allowPrivateEndpointLetsAClusterServiceThrough() {
        String cluster = "{\"remoteUrl\":\"http://mcp.tools.svc.cluster.local:8080/mcp\",\"transport\":\"sse\",\"groupRef\":{\"name\":\"team\"}";
        assertFalse(validation.validate(entry(cluster + "}")).valid());
        assertTrue(validation.validate(entry(cluster + ",\"allowPrivateEndpoint\":true}")).valid());
    }

    @Test
    void theGroupMustExistAndBeReadyWhenItHasAPhase() {
        EntryVerdict missing = validation.validate(entry(spec(null).replace("\"team\"", "\"nope\"")));
        assertCondition(missing, "GroupRefValidated", "False", "GroupRefNotFound", "MCPGroup 'nope' not found in namespace 'tools'");
        assertFailedNaming(missing, "MCPGroup 'nope' not found");

        group("team", "Pending");
        assertCondition(validation.validate(entry(spec(null))), "GroupRefValidated", "False", "GroupRefNotReady",
                "MCPGroup 'team' is not ready (current phase: Pending)");

        group("team", "Ready");
        assertTrue(validation.validate(entry(spec(null))).valid());
    }

    @Test
    void theCaBundleConfigMapAndItsKeyMustExist() {
        String ref = "\"caBundleRef\":{\"configMapRef\":{\"name\":\"corp-ca\",\"key\":\"bundle.pem\"}}";
        assertCondition(validation.validate(entry(spec(ref))), "CABundleRefValidated", "False", "CABundleRefNotFound",
                "CA bundle ConfigMap \"corp-ca\" not found in namespace \"tools\"");

        configMap("corp-ca", Map.of("ca.crt", "pem"));
        EntryVerdict noKey = validation.validate(entry(spec(ref)));
        assertCondition(noKey, "CABundleRefValidated", "False", "CABundleRefInvalid", "CA bundle ConfigMap \"corp-ca\" has no key \"bundle.pem\"");
        assertFailedNaming(noKey, "bundle.pem");

        configMap("corp-ca", Map.of("bundle.pem", "pem"));
        assertTrue(validation.validate(entry(spec(ref))).valid());
    }

    @Test
    void aMissingSecretFailsTheEntryAndFixingItMakesItValid() {
        GenericKubernetesResource e = entry(spec(API_KEY_FROM_SECRET));

        EntryVerdict missing = validation.validate(e);
        assertCondition(missing, "HeaderSecretRefsValidated", "False", "HeaderSecretNotFound",
                "Secret \"gh\" referenced for header \"X-Api-Key\" not found");
        assertFailedNaming(missing, "Secret \"gh\" referenced for header \"X-Api-Key\" not found");

        secret("gh", Map.of("other", SECRET_VALUE));
        assertCondition(validation.validate(e), "HeaderSecretRefsValidated", "False", "HeaderSecretNotFound",
                "Secret \"gh\" has no key \"token\" referenced for header \"X-Api-Key\"");

        secret("gh", Map.of("token", SECRET_VALUE));
        EntryVerdict fixed = validation.validate(e);
        assertTrue(fixed.valid(), fixed.toString());
        assertCondition(fixed, "HeaderSecretRefsValidated", "True", "HeaderSecretsValid",
                "All referenced header Secrets exist with required keys");
    }

    @Test
    void everyMissingSecretIsNamedJoinedBySemicolons() {
        secret("present", Map.of("k", SECRET_VALUE));
        EntryVerdict v = validation.validate(entry(spec("\"headerForward\":{\"addHeadersFromSecret\":["
                + "{\"headerName\":\"X-A\",\"valueSecretRef\":{\"name\":\"gone\",\"key\":\"k\"}},"
                + "{\"headerName\":\"X-B\",\"valueSecretRef\":{\"name\":\"present\",\"key\":\"k\"}},"
                + "{\"headerName\":\"X-C\",\"valueSecretRef\":{\"name\":\"present\",\"key\":\"nokey\"}}]}")));
        assertCondition(v, "HeaderSecretRefsValidated", "False", "HeaderSecretNotFound",
                "Secret \"gone\" referenced for header \"X-A\" not found; Secret \"present\" has no key \"nokey\" referenced for header \"X-C\"");
    }

    @Test
    void restrictedAndInvalidHeaderNamesAreRefused() {
        secret("gh", Map.of("token", SECRET_VALUE));
        EntryVerdict v = validation.validate(entry(spec("\"headerForward\":{\"addHeadersFromSecret\":[{\"headerName\":\"Host\","
                + "\"valueSecretRef\":{\"name\":\"gh\",\"key\":\"token\"}}],\"addPlaintextHeaders\":{\"Bad Header\":\"x\"}}")));
        Condition c = v.condition("HeaderSecretRefsValidated");
        assertEquals("False", c.status());
        assertEquals("InvalidHeaderName", c.reason());
        assertTrue(c.message().contains("spec.headerForward.addHeadersFromSecret[0].headerName: header 'Host' is restricted"), c.message());
        assertTrue(c.message().contains("spec.headerForward.addPlaintextHeaders[\"Bad Header\"]: \"Bad Header\" is not a valid HTTP header name"),
                c.message());
        assertFailedNaming(v, "restricted");

        EntryVerdict plainOnly = validation.validate(entry(spec("\"headerForward\":{\"addPlaintextHeaders\":{\"X-Forwarded-For\":\"1.2.3.4\"}}")));
        assertEquals("InvalidHeaderName", plainOnly.condition("HeaderSecretRefsValidated").reason(),
                "present without Secret refs, since a header is wrong");

        EntryVerdict lineBreak = validation.validate(entry(spec("\"headerForward\":{\"addPlaintextHeaders\":{\"X-Trace\":\"a\\r\\nEvil: 1\"}}")));
        assertCondition(lineBreak, "HeaderSecretRefsValidated", "False", "InvalidHeaderForward",
                "spec.headerForward.addPlaintextHeaders[\"X-Trace\"]: value contains a line break (CR or LF)");
    }

    @Test
    void malformedResourcesFailNamingTheField() {
        assertFailedNaming(validation.validate(entry(null)), "spec: must be an object");
        assertFailedNaming(validation.validate(entry("\"just a string\"")), "spec: must be an object");
        assertFailedNaming(validation.validate(entry(spec(null).replace("streamable-http", "stdio"))),
                "spec.transport: must be sse or streamable-http");
        assertFailedNaming(validation.validate(entry("{\"remoteUrl\":42,\"transport\":\"sse\",\"groupRef\":{\"name\":\"team\"}}")),
                "spec.remoteUrl: must be a string");
        assertFailedNaming(validation.validate(entry("{\"transport\":\"sse\",\"groupRef\":{\"name\":\"team\"}}")),
                "spec.remoteUrl: required");
        assertFailedNaming(validation.validate(entry(spec(null).replace("{\"name\":\"team\"}", "\"team\""))),
                "spec.groupRef.name: required");
        assertFailedNaming(validation.validate(entry(spec("\"allowPrivateEndpoint\":\"yes\""))),
                "spec.allowPrivateEndpoint: must be true or false");
        EntryVerdict notAList = validation.validate(entry(spec("\"headerForward\":{\"addHeadersFromSecret\":{\"X-A\":\"gh\"}}")));
        assertFailedNaming(notAList, "spec.headerForward.addHeadersFromSecret: must be a list");
        assertEquals("InvalidHeaderForward", notAList.condition("HeaderSecretRefsValidated").reason());
        assertFailedNaming(validation.validate(entry(spec("\"headerForward\":{\"addHeadersFromSecret\":[{\"headerName\":\"X-A\"}]}"))),
                "spec.headerForward.addHeadersFromSecret[0].valueSecretRef: needs a name and a key");
        assertFailedNaming(validation.validate(entry(spec("\"caBundleRef\":{\"configMapRef\":{}}"))),
                "spec.caBundleRef.configMapRef.name: required");
    }

    @Test
    void noSecretValueAppearsInAnyVerdict() {
        secret("gh", Map.of("token", SECRET_VALUE, "other", SECRET_VALUE));
        String json = spec("\"headerForward\":{\"addHeadersFromSecret\":[{\"headerName\":\"X-Api-Key\",\"valueSecretRef\":{\"name\":\"gh\",\"key\":\"token\"}},"
                + "{\"headerName\":\"Host\",\"valueSecretRef\":{\"name\":\"gh\",\"key\":\"missing\"}}]}");
        EntryVerdict v = validation.validate(entry(json));
        assertFalse(v.valid());
        assertFalse(v.toString().contains(SECRET_VALUE), v.toString());
        assertFalse(v.toString().contains(Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void anUnreachableApiServerGivesAnUnknownVerdict() {
        try (KubernetesClient down = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).withConnectionTimeout(2000).build()).build()) {
            EntryVerdict v = new EntryValidation(down, NS, RemoteUrlPolicy.fromSetting("")).validate(entry(spec(API_KEY_FROM_SECRET)));
            assertTrue(v.unknown(), v.toString());
            assertFalse(v.valid());
            assertNull(v.phase());
            assertTrue(v.conditions().isEmpty());
            assertEquals(3, v.generation());
        }
    }

    @Test
    void aServerErrorOrForbiddenGivesAnUnknownVerdict() {
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/secrets/flaky").andReturn(503, "{}").always();
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/secrets/forbidden").andReturn(403, "{}").always();
        try (KubernetesClient noRetry = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build()) {
            EntryValidation v = new EntryValidation(noRetry, NS, RemoteUrlPolicy.fromSetting(""));
            for (String secret : List.of("flaky", "forbidden")) {
                EntryVerdict verdict = v.validate(entry(spec(API_KEY_FROM_SECRET.replace("\"gh\"", "\"" + secret + "\""))));
                assertTrue(verdict.unknown(), secret + ": " + verdict);
            }
        }
    }
}
