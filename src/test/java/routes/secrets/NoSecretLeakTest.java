package routes.secrets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives every path of this package, the failing ones included, with recognizable secret values,
 * and searches everything that could be shown to a person for them: exception messages and stack
 * traces, toString()s, warnings, and every log line at every level (this package at DEBUG).
 */
@EnableKubernetesMockClient(crud = true)
class NoSecretLeakTest {

    static KubernetesClient client;

    private static final String NS = "leak";
    private static final String ENV_VALUE = "LEAKED-env-7f3a";
    private static final String FILE_VALUE = "LEAKED-file-91c2";
    private static final String ROTATED_VALUE = "LEAKED-rotated-4b1e";
    private static final String KUBE_VALUE = "LEAKED-kube-55d0";
    private static final String KUBE_ROTATED = "LEAKED-kube-new-55d1";
    private static final String PLAIN_VALUE = "LEAKED-plain-0c77";
    private static final List<String> VALUES = List.of(ENV_VALUE, FILE_VALUE, ROTATED_VALUE, KUBE_VALUE, KUBE_ROTATED,
            PLAIN_VALUE, "LEAKED");

    @TempDir
    Path dir;

    private final List<String> shown = new ArrayList<>();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private AbstractAppender capture;
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = ctx.getConfiguration();
        capture = new AbstractAppender("secret-leak-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logged.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getMessage().getFormattedMessage()
                        + (event.getThrown() == null ? "" : "\n" + stackTrace(event.getThrown())));
            }
        };
        capture.start();
        cfg.getRootLogger().addAppender(capture, Level.ALL, null);
        previousLevel = cfg.getLoggerConfig("routes.secrets").getLevel();
        org.apache.logging.log4j.core.config.Configurator.setLevel("routes.secrets", Level.DEBUG);
        ctx.updateLoggers();
    }

    @AfterEach
    void stopCapture() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(capture.getName());
        org.apache.logging.log4j.core.config.Configurator.setLevel("routes.secrets", previousLevel);
        ctx.updateLoggers();
        capture.stop();
        client.secrets().inNamespace(NS).delete();
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private void fails(Secrets secrets, SecretRef ref) {
        var e = assertThrows(SecretNotFoundException.class, () -> secrets.value(ref));
        shown.add(e.getMessage());
        shown.add(e.toString());
        shown.add(stackTrace(e));
    }

    private static void kube(String name, Map<String, String> data) {
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .withData(data).build()).createOr(r -> r.update());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noValueIsEverShownOrLogged() throws IOException {
        Secrets secrets = Secrets.create(new SecretsSettings(dir, 0, true, NS, 10_000),
                Map.of("TOOLHIVE_SECRET_GOOD", ENV_VALUE, "TOOLHIVE_SECRET_BLANK", ""), () -> client);
        try (secrets) {
            // env
            SecretRef.Env good = new SecretRef.Env("GOOD");
            assertEquals(ENV_VALUE, secrets.value(good));
            fails(secrets, new SecretRef.Env("BLANK"));
            shown.add(good.toString());

            // files: read, rotate, then unusable contents that embed a value
            Path file = Files.createDirectories(dir.resolve("creds")).resolve("token");
            Files.writeString(file, FILE_VALUE + "\n");
            SecretRef.Key fileRef = new SecretRef.Key("creds", "token");
            assertEquals(FILE_VALUE, secrets.value(fileRef));
            Files.writeString(file, ROTATED_VALUE + "\n");
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2031-01-01T00:00:00Z")));
            assertEquals(ROTATED_VALUE, secrets.value(fileRef));
            byte[] binary = (FILE_VALUE + "\u0000").getBytes(StandardCharsets.UTF_8);
            binary[binary.length - 1] = (byte) 0xff;
            Files.write(file, binary);
            fails(secrets, fileRef);
            shown.add(fileRef.toString());

            // Kubernetes: read, rotate, then a key that is not base64, and a missing key
            kube("api", Map.of("token", b64(KUBE_VALUE), "broken", KUBE_VALUE + "!!"));
            SecretRef.Key kubeRef = new SecretRef.Key("api", "token");
            assertEquals(KUBE_VALUE, secrets.value(kubeRef));
            kube("api", Map.of("token", b64(KUBE_ROTATED), "broken", KUBE_VALUE + "!!"));
            await().atMost(10, TimeUnit.SECONDS).until(() -> secrets.value(kubeRef).equals(KUBE_ROTATED));
            fails(secrets, new SecretRef.Key("api", "broken"));
            fails(secrets, new SecretRef.Key("api", "absent"));
            fails(secrets, new SecretRef.Key("nowhere", "token"));
            shown.add(secrets.toString());

            // the env contract: plaintext values, and manifests that are broken around a value
            ToolHiveHeaderEnv.Result r = ToolHiveHeaderEnv.read(Map.of(
                    "TOOLHIVE_HEADER_FORWARD_A", "{\"addPlaintextHeaders\":{\"X-Plain\":\"" + PLAIN_VALUE + "\"},"
                            + "\"addHeadersFromSecret\":{\"X-Key\":\"GOOD\"}}",
                    "TOOLHIVE_HEADER_FORWARD_B", "{\"addPlaintextHeaders\":{\"X-Plain\":" + ENV_VALUE + "}}",
                    "TOOLHIVE_HEADER_FORWARD_C", "{\"addHeadersFromSecret\":{\"X-Key\":\"Bearer " + ENV_VALUE + "\"}}",
                    "TOOLHIVE_HEADER_FORWARD_STRAY", "{\"addPlaintextHeaders\":{\"X-Plain\":\"" + PLAIN_VALUE + "\"}}",
                    "TOOLHIVE_SECRET_GOOD", ENV_VALUE), List.of("a", "b", "c"));
            assertEquals(PLAIN_VALUE, r.forBackend("a").plaintext().get("X-Plain"));
            assertEquals(3, r.warnings().size(), r.warnings().toString());
            shown.addAll(r.warnings());
            shown.add(r.toString());
            shown.add(r.forBackend("a").toString());
        }

        assertTrue(shown.size() > 15 && logged.stream().anyMatch(l -> l.contains("changed")),
                "the paths ran and the capture works: " + logged);
        for (String text : shown) {
            for (String v : VALUES) {
                assertFalse(text.contains(v), "a secret value is shown in: " + text);
            }
        }
        for (String line : logged) {
            for (String v : VALUES) {
                assertFalse(line.contains(v), "a secret value is logged in: " + line);
            }
        }
    }
}
