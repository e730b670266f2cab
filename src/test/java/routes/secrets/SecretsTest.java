package routes.secrets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The composite: which source answers which reference, in which order. */
@EnableKubernetesMockClient(crud = true)
class SecretsTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NS = "team-a";

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private Secrets secrets;

    private Secrets secrets(boolean kubernetes, Map<String, String> env) {
        SecretsSettings s = new SecretsSettings(dir, 0, kubernetes, NS, 10_000);
        secrets = Secrets.create(s, env, () -> client, nanos::get);
        return secrets;
    }

    @AfterEach
    void close() {
        if (secrets != null) {
            secrets.close();
        }
        client.secrets().inNamespace(NS).delete();
    }

    private void file(String name, String key, String value) throws IOException {
        Files.createDirectories(dir.resolve(name));
        Files.writeString(dir.resolve(name).resolve(key), value);
    }

    private static void kube(String name, String key, String value) {
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .withData(Map.of(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))))
                .build()).createOr(r -> r.update());
    }

    @Test
    void envRefsReadToolHivesVariables() {
        Secrets s = secrets(false, Map.of("TOOLHIVE_SECRET_HEADER_FORWARD_X_API_KEY_MY_PROXY", "env-value",
                "TOOLHIVE_SECRET_EMPTY", ""));
        assertEquals("env-value", s.value(new SecretRef.Env(EnvNames.secretIdentifier("my-proxy", "X-API-Key"))));
        assertEquals("env TOOLHIVE_SECRET_EMPTY not found: the variable is unset or empty",
                assertThrows(SecretNotFoundException.class, () -> s.value(new SecretRef.Env("EMPTY"))).getMessage());
        assertEquals("env TOOLHIVE_SECRET_UNSET not found: the variable is unset or empty",
                assertThrows(SecretNotFoundException.class, () -> s.value(new SecretRef.Env("UNSET"))).getMessage());
    }

    @Test
    void keyRefsReadTheMountedFileBeforeTheApi() throws IOException {
        file("creds", "token", "from-file\n");
        kube("creds", "token", "from-api");
        assertEquals("from-file", secrets(true, Map.of()).value(new SecretRef.Key("creds", "token")));
    }

    @Test
    void keyRefsWithoutAFileAskTheApiAndAFileThatAppearsWins() throws IOException {
        kube("creds", "token", "from-api");
        Secrets s = secrets(true, Map.of());
        SecretRef.Key ref = new SecretRef.Key("creds", "token");
        assertEquals("from-api", s.value(ref));
        file("creds", "token", "from-file");
        assertEquals("from-file", s.value(ref));
    }

    @Test
    void anEmptyFileIsAnErrorNotAReasonToAskTheApi() throws IOException {
        file("creds", "token", "");
        kube("creds", "token", "from-api");
        var e = assertThrows(SecretNotFoundException.class, () -> secrets(true, Map.of()).value(new SecretRef.Key("creds", "token")));
        assertEquals("secret creds/token not found: " + dir.resolve("creds/token") + " is empty", e.getMessage());
    }

    @Test
    void withTheApiOffAMissingFileSaysWhereItLookedAndWhatToTurnOn() {
        Secrets s = Secrets.create(new SecretsSettings(dir, 0, false, NS, 10_000), Map.of(),
                () -> { throw new AssertionError("no client is made when the API is off"); });
        secrets = s;
        var e = assertThrows(SecretNotFoundException.class, () -> s.value(new SecretRef.Key("creds", "token")));
        assertEquals("secret creds/token not found: no file " + dir.resolve("creds/token")
                + ", and reading Secrets through the Kubernetes API is off (caravan.secrets.kubernetes)", e.getMessage());
    }

    @Test
    void withTheApiOnAMissingSecretNamesTheFileAndWhatTheApiSaid() {
        var e = assertThrows(SecretNotFoundException.class, () -> secrets(true, Map.of()).value(new SecretRef.Key("creds", "token")));
        assertEquals("secret creds/token not found: no file " + dir.resolve("creds/token") + "; Kubernetes API: no Secret creds"
                + " in namespace " + NS, e.getMessage());
    }

    @Test
    void prefetchWatchesOnlySecretsNoFileProvides() throws IOException {
        file("on-disk", "token", "v");
        kube("in-api", "token", "from-api");
        Secrets s = secrets(true, Map.of());
        int before = server.getRequestCount();
        s.prefetch(List.of(new SecretRef.Key("on-disk", "token"), new SecretRef.Env("X")));
        assertEquals(before, server.getRequestCount(), "nothing to watch");

        s.prefetch(List.of(new SecretRef.Key("in-api", "token")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.getRequestCount() >= before + 2); // list, then watch
        assertEquals("from-api", s.value(new SecretRef.Key("in-api", "token")));
    }

    @Test
    void describesItsSources() {
        assertEquals("env TOOLHIVE_SECRET_*, files in " + dir + ", Kubernetes Secrets in namespace team-a",
                secrets(true, Map.of()).describeSources());
        secrets.close();
        assertEquals("Secrets[env TOOLHIVE_SECRET_*, files in " + dir + "; Kubernetes API off]",
                secrets(false, Map.of()).toString());
    }
}
