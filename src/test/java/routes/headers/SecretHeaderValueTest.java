package routes.headers;

import org.junit.jupiter.api.Test;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.FailureCategory;
import routes.secrets.SecretNotFoundException;
import routes.secrets.SecretRef;

import java.net.URI;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretHeaderValueTest {

    private static final BackendSpec SPEC = new BackendSpec("cap", URI.create("http://10.0.0.5:8080/mcp"),
            BackendSpec.Transport.STREAMABLE_HTTP, null, Duration.ofSeconds(5));

    @Test
    void aMissingSecretSaysWhereItWasLookedForInTheLogOnly() {
        SecretRef.Key ref = new SecretRef.Key("cap-token", "token");
        BackendException e = assertThrows(BackendException.class, () -> SecretHeaderValue.resolve(r -> {
            throw new SecretNotFoundException(r, "no file /etc/caravan/secrets/cap-token/token, and reading Secrets"
                    + " through the Kubernetes API is off (caravan.secrets.kubernetes)");
        }, SPEC, "X-Api-Key", ref));
        assertEquals("backend 'cap' cannot be called: header 'X-Api-Key' needs secret cap-token/token, which is missing or empty",
                e.clientMessage());
        assertTrue(e.getMessage().contains("no file /etc/caravan/secrets/cap-token/token"), e.getMessage());
        assertTrue(e.getMessage().contains("Kubernetes API is off"), e.getMessage());
        assertEquals(FailureCategory.CONFIG, e.category());
    }
}
