package routes.headers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.FailureCategory;
import routes.secrets.SecretRef;
import routes.secrets.Secrets;
import routes.secrets.SecretsSettings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A missing secret's error says where the value was looked for: the file, the variable, the API. */
class SecretHeaderValueTest {

    private static final BackendSpec CAP = new BackendSpec("cap", URI.create("http://127.0.0.1:1/mcp"),
            BackendSpec.Transport.STREAMABLE_HTTP, null, Duration.ofSeconds(3));

    @TempDir
    Path dir;

    @Test
    void aMissingFileSecretNamesTheFileAndThatTheApiIsOff() {
        Secrets secrets = Secrets.create(new SecretsSettings(dir, 0, false, "ns", 1000), Map.of(), () -> null);
        BackendException e = assertThrows(BackendException.class,
                () -> SecretHeaderValue.resolve(secrets, CAP, "X-Api-Key", new SecretRef.Key("cap-token", "token")));
        assertEquals("backend 'cap' cannot be called: header 'X-Api-Key' needs secret cap-token/token, which is missing"
                + " or empty (no file " + dir.resolve("cap-token/token") + ", and reading Secrets through the Kubernetes"
                + " API is off (caravan.secrets.kubernetes))", e.clientMessage());
        assertEquals(FailureCategory.CONFIG, e.category());
    }

    @Test
    void aMissingEnvSecretNamesTheVariable() {
        Secrets secrets = Secrets.create(new SecretsSettings(dir, 0, false, "ns", 1000), Map.of(), () -> null);
        BackendException e = assertThrows(BackendException.class, () -> SecretHeaderValue.resolve(secrets, CAP, "X-Token",
                new SecretRef.Env("HEADER_FORWARD_X_TOKEN_CAP")));
        assertEquals("backend 'cap' cannot be called: header 'X-Token' needs env TOOLHIVE_SECRET_HEADER_FORWARD_X_TOKEN_CAP,"
                + " which is missing or empty (the variable is unset or empty)", e.clientMessage());
    }
}
