package routes.secrets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against fabric8's mock API server in CRUD mode: real list, watch and field selectors over HTTP. */
@EnableKubernetesMockClient(crud = true)
class KubernetesSecretSourceTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NS = "caravan-test";
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private KubernetesSecretSource source;

    private KubernetesSecretSource source() {
        source = new KubernetesSecretSource(client, NS, 10_000, nanos::get);
        return source;
    }

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        client.secrets().inNamespace(NS).delete();
    }

    private static void put(String name, Map<String, String> values) {
        Map<String, String> data = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        Secret s = new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withData(data).build();
        client.secrets().inNamespace(NS).resource(s).createOr(r -> r.update());
    }

    @Test
    void readsAndDecodesAValue() {
        put("github", Map.of("token", "ghp-value-1\n", "other", "x"));
        assertEquals("ghp-value-1", source().value(new SecretRef.Key("github", "token")),
                "base64-decoded, one trailing line break removed as for files");
    }

    @Test
    void aChangedValueArrivesThroughTheWatch() {
        put("github", Map.of("token", "value-one"));
        KubernetesSecretSource k = source();
        SecretRef.Key ref = new SecretRef.Key("github", "token");
        assertEquals("value-one", k.value(ref));

        put("github", Map.of("token", "value-two"));
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertEquals("value-two", k.value(ref)));
    }

    @Test
    void aSecretCreatedLaterIsFoundAndADeletedOneIsGone() {
        KubernetesSecretSource k = source();
        SecretRef.Key ref = new SecretRef.Key("late", "token");
        var e = assertThrows(SecretNotFoundException.class, () -> k.value(ref));
        assertEquals("secret late/token not found: no Secret late in namespace caravan-test", e.getMessage());

        put("late", Map.of("token", "arrived"));
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertEquals("arrived", k.value(ref)));

        client.secrets().inNamespace(NS).withName("late").delete();
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(
                () -> assertThrows(SecretNotFoundException.class, () -> k.value(ref)));
    }

    @Test
    void onlyTheNamedSecretIsWatched() {
        put("wanted", Map.of("token", "mine"));
        put("unrelated", Map.of("token", "not-mine"));
        KubernetesSecretSource k = source();
        assertEquals("mine", k.value(new SecretRef.Key("wanted", "token")));
        var e = assertThrows(SecretNotFoundException.class, () -> k.value(new SecretRef.Key("wanted", "missing")));
        assertEquals("secret wanted/missing not found: Secret wanted in namespace caravan-test has no key missing",
                e.getMessage());
    }

    @Test
    void otherNamespacesAreNotSeen() {
        Secret s = new SecretBuilder().withNewMetadata().withName("elsewhere").withNamespace("other").endMetadata()
                .withData(Map.of("token", Base64.getEncoder().encodeToString("v".getBytes(StandardCharsets.UTF_8))))
                .build();
        client.secrets().inNamespace("other").resource(s).create();
        try {
            assertThrows(SecretNotFoundException.class, () -> source().value(new SecretRef.Key("elsewhere", "token")));
        } finally {
            client.secrets().inNamespace("other").withName("elsewhere").delete();
        }
    }

    @Test
    void emptyAndBinaryValuesAreNotFound() {
        Secret s = new SecretBuilder().withNewMetadata().withName("odd").withNamespace(NS).endMetadata()
                .withData(Map.of("empty", "", "newline", Base64.getEncoder().encodeToString("\n".getBytes()),
                        "binary", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe})))
                .build();
        client.secrets().inNamespace(NS).resource(s).create();
        KubernetesSecretSource k = source();
        assertEquals("secret odd/empty not found: the value is empty",
                assertThrows(SecretNotFoundException.class, () -> k.value(new SecretRef.Key("odd", "empty"))).getMessage());
        assertEquals("secret odd/newline not found: the value is empty",
                assertThrows(SecretNotFoundException.class, () -> k.value(new SecretRef.Key("odd", "newline"))).getMessage());
        assertEquals("secret odd/binary not found: the value is not UTF-8 text",
                assertThrows(SecretNotFoundException.class, () -> k.value(new SecretRef.Key("odd", "binary"))).getMessage());
    }

    @Test
    void anUnreachableApiFailsTheLookupWithTheReasonAndIsRetriedLater() {
        Config config = new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(2000).build();
        try (KubernetesClient down = new KubernetesClientBuilder().withConfig(config).build();
             KubernetesSecretSource k = new KubernetesSecretSource(down, NS, 10_000, nanos::get)) {
            SecretRef.Key ref = new SecretRef.Key("github", "token");
            var first = assertThrows(SecretNotFoundException.class, () -> k.value(ref));
            assertTrue(first.getMessage().startsWith("secret github/token not found: cannot read Secret github in"
                    + " namespace caravan-test from the Kubernetes API (no answer: ConnectException); tried again in 5 s"),
                    first.getMessage());

            // within the retry delay, the failure is reported again without asking the API
            var again = assertThrows(SecretNotFoundException.class, () -> k.value(ref));
            assertEquals(first.getMessage(), again.getMessage());
            assertTrue(again.getCause() == first.getCause(), "the same failed attempt");

            nanos.addAndGet(KubernetesSecretSource.RETRY_AFTER_NANOS);
            var retried = assertThrows(SecretNotFoundException.class, () -> k.value(ref));
            assertTrue(retried.getCause() != first.getCause(), "a new attempt after the delay");
        }
    }

    @Test
    void aForbiddenListSaysWhatRbacIsMissing() {
        server.expect().get().withPath("/api/v1/namespaces/locked/secrets?fieldSelector=metadata.name%3Dgithub&resourceVersion=0")
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
                        + "\"code\":403}").always();
        try (KubernetesSecretSource k = new KubernetesSecretSource(client, "locked", 10_000, nanos::get)) {
            var e = assertThrows(SecretNotFoundException.class, () -> k.value(new SecretRef.Key("github", "token")));
            assertTrue(e.getMessage().contains("(HTTP 403: give the gateway's service account get, list and watch on"
                    + " this Secret)"), e.getMessage());
        }
    }
}
