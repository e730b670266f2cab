package routes.discovery.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MCPServerEntry status writes through the status subresource of fabric8's CRUD mock. */
@EnableKubernetesMockClient(crud = true)
class EntryStatusWriterTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NS = "tools";

    /** A clock the test moves, so a kept lastTransitionTime is told apart from a new one. */
    private static final class TestClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T10:00:00Z"));

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    private final TestClock clock = new TestClock();
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private EntryValidation validation;
    private EntryStatusWriter writer;

    @BeforeAll
    static void crd() {
        server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("toolhive.stacklok.dev")
                .withVersion("v1beta1").withPlural("mcpserverentries").withKind("MCPServerEntry").withScope("Namespaced")
                .withStatusSubresource(true).build());
    }

    @BeforeEach
    void setUp() {
        validation = new EntryValidation(client, NS, RemoteUrlPolicy.fromSetting(""));
        writer = new EntryStatusWriter(client, NS, leading::get, clock);
        GenericKubernetesResource group = Serialization.unmarshal("{\"apiVersion\":\"toolhive.stacklok.dev/v1beta1\",\"kind\":\"MCPGroup\","
                + "\"metadata\":{\"name\":\"team\",\"namespace\":\"" + NS + "\"},\"spec\":{}}", GenericKubernetesResource.class);
        client.genericKubernetesResources(WorkloadKind.MCP_GROUP.context()).inNamespace(NS).resource(group).createOr(r -> r.update());
    }

    @AfterEach
    void clean() {
        client.genericKubernetesResources(WorkloadKind.MCP_SERVER_ENTRY.context()).inNamespace(NS).delete();
        client.secrets().inNamespace(NS).delete();
    }

    private static GenericKubernetesResource create(String name, String spec) {
        GenericKubernetesResource e = Serialization.unmarshal("{\"apiVersion\":\"toolhive.stacklok.dev/v1beta1\",\"kind\":\"MCPServerEntry\","
                + "\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + NS + "\"},\"spec\":" + spec + "}",
                GenericKubernetesResource.class);
        return client.genericKubernetesResources(WorkloadKind.MCP_SERVER_ENTRY.context()).inNamespace(NS).resource(e).create();
    }

    private static GenericKubernetesResource read(String name) {
        return client.genericKubernetesResources(WorkloadKind.MCP_SERVER_ENTRY.context()).inNamespace(NS).withName(name).get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource e) {
        return (Map<String, Object>) e.getAdditionalProperties().get("status");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> condition(GenericKubernetesResource e, String type) {
        return ((List<Map<String, Object>>) status(e).get("conditions")).stream().filter(c -> type.equals(c.get("type")))
                .findFirst().orElse(null);
    }

    private static final String WITH_SECRET = "{\"remoteUrl\":\"https://mcp.example.com/mcp\",\"transport\":\"streamable-http\","
            + "\"groupRef\":{\"name\":\"team\"},\"headerForward\":{\"addHeadersFromSecret\":[{\"headerName\":\"X-Api-Key\","
            + "\"valueSecretRef\":{\"name\":\"gh\",\"key\":\"token\"}}]}}";

    /** One validation round as the lead's route runs it: read, validate, write. */
    private boolean round(String name) {
        GenericKubernetesResource e = read(name);
        return writer.write(e, validation.validate(e));
    }

    @Test
    void writesTheVerdictOnceAndNothingWhileItStaysTheSame() {
        create("github", WITH_SECRET);
        assertTrue(round("github"), "first verdict written");

        GenericKubernetesResource e = read("github");
        assertEquals("Failed", status(e).get("phase"));
        assertEquals(1, ((Number) status(e).get("observedGeneration")).intValue());
        Map<String, Object> secrets = condition(e, "HeaderSecretRefsValidated");
        assertEquals("False", secrets.get("status"));
        assertEquals("HeaderSecretNotFound", secrets.get("reason"));
        assertEquals("Secret \"gh\" referenced for header \"X-Api-Key\" not found", secrets.get("message"));
        assertEquals("2026-11-26T10:00:00Z", secrets.get("lastTransitionTime"));
        assertEquals(1, ((Number) secrets.get("observedGeneration")).intValue());
        assertEquals("ConfigInvalid", condition(e, "Valid").get("reason"));
        assertNull(status(e).get("message"), "ToolHive's MCPServerEntry status has no message field");
        String version = e.getMetadata().getResourceVersion();

        clock.now.set(Instant.parse("2026-11-26T10:05:00Z"));
        assertFalse(round("github"), "same verdict: no write");
        assertFalse(round("github"));
        assertEquals(version, read("github").getMetadata().getResourceVersion(), "nothing was written");
    }

    @Test
    void aStaleCopyOfTheVersionItReplacedIsNoReasonToWriteAgain() {
        GenericKubernetesResource created = create("github", WITH_SECRET);
        EntryVerdict verdict = validation.validate(created);
        assertTrue(writer.write(created, verdict));
        assertFalse(writer.write(created, verdict), "the watch's older copy of the same entry");
    }

    @Test
    void aVerdictForAnotherGenerationIsNotWritten() {
        GenericKubernetesResource created = create("github", WITH_SECRET);
        EntryVerdict verdict = validation.validate(created);
        GenericKubernetesResource newer = Serialization.clone(created);
        newer.getMetadata().setGeneration(verdict.generation() + 1);
        assertFalse(writer.write(newer, verdict));
        assertNull(status(read("github")));
    }

    @Test
    void aFixedEntryTurnsValidKeepingTheTimesOfUnchangedConditions() {
        create("github", WITH_SECRET);
        round("github");
        clock.now.set(Instant.parse("2026-11-26T11:00:00Z"));

        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("gh").endMetadata()
                .addToStringData("token", "value").build()).create();
        assertTrue(round("github"));

        GenericKubernetesResource e = read("github");
        assertEquals("Valid", status(e).get("phase"));
        assertEquals("True", condition(e, "HeaderSecretRefsValidated").get("status"));
        assertEquals("HeaderSecretsValid", condition(e, "HeaderSecretRefsValidated").get("reason"));
        assertEquals("2026-11-26T11:00:00Z", condition(e, "HeaderSecretRefsValidated").get("lastTransitionTime"), "status changed");
        assertEquals("2026-11-26T10:00:00Z", condition(e, "RemoteURLValidated").get("lastTransitionTime"), "status unchanged");
        assertEquals("True", condition(e, "Valid").get("status"));
    }

    @Test
    void conditionsOfOtherWritersAndConditionsNoLongerReportedAreHandledApart() {
        create("github", WITH_SECRET);
        round("github");
        // someone else's condition appears beside ours
        GenericKubernetesResource e = read("github");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> conditions = (List<Map<String, Object>>) status(e).get("conditions");
        conditions.add(Map.of("type", "ExternalThing", "status", "True", "reason", "Other", "message", "", "lastTransitionTime",
                "2026-01-01T00:00:00Z"));
        client.genericKubernetesResources(WorkloadKind.MCP_SERVER_ENTRY.context()).inNamespace(NS).resource(e).updateStatus();

        // the entry drops its Secret refs: HeaderSecretRefsValidated goes, ExternalThing stays
        GenericKubernetesResource edited = read("github");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) edited.getAdditionalProperties().get("spec");
        spec.remove("headerForward");
        edited.getMetadata().setGeneration(2L);
        client.genericKubernetesResources(WorkloadKind.MCP_SERVER_ENTRY.context()).inNamespace(NS).resource(edited).update();

        assertTrue(round("github"));
        GenericKubernetesResource after = read("github");
        assertNull(condition(after, "HeaderSecretRefsValidated"));
        assertEquals("Other", condition(after, "ExternalThing").get("reason"));
        assertEquals("Valid", status(after).get("phase"));
    }

    @Test
    void onlyTheLeaderWritesAndAnUnknownVerdictWritesNothing() {
        GenericKubernetesResource created = create("github", WITH_SECRET);
        leading.set(false);
        assertFalse(writer.write(created, validation.validate(created)));
        assertNull(status(read("github")));

        leading.set(true);
        assertFalse(writer.write(created, EntryVerdict.unknown("github", 1, "API server down")));
        assertNull(status(read("github")));
    }

    @Test
    void aConflictIsRetriedOnceOnTheLatestVersion() {
        GenericKubernetesResource stale = create("github", WITH_SECRET);
        // the entry changes (a label, no new generation) after the watch delivered it
        GenericKubernetesResource labelled = read("github");
        labelled.getMetadata().setLabels(Map.of("team", "a"));
        client.genericKubernetesResources(WorkloadKind.MCP_SERVER_ENTRY.context()).inNamespace(NS).resource(labelled).update();
        server.expect().put().withPath("/apis/toolhive.stacklok.dev/v1beta1/namespaces/" + NS + "/mcpserverentries/github/status")
                .andReturn(409, "{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\"}").once();

        EntryVerdict verdict = validation.validate(stale);
        int before = server.getRequestCount();
        assertTrue(writer.write(stale, verdict));
        assertEquals(3, server.getRequestCount() - before, "PUT answered 409, GET of the latest, PUT again");
        GenericKubernetesResource e = read("github");
        assertEquals("Failed", status(e).get("phase"));
        assertEquals(Map.of("team", "a"), e.getMetadata().getLabels());
        assertNotEquals(stale.getMetadata().getResourceVersion(), e.getMetadata().getResourceVersion());
    }
}
