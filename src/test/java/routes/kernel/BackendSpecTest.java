package routes.kernel;

import org.junit.jupiter.api.Test;
import routes.secrets.SecretRef;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackendSpecTest {

    private static BackendSpec spec(HeaderForward forward, AuthStrategy auth) {
        return new BackendSpec("b", URI.create("http://127.0.0.1:9/mcp"), BackendSpec.Transport.STREAMABLE_HTTP, null,
                Duration.ofSeconds(5), forward, auth, null);
    }

    @Test
    void theSecretsABackendReadsAreItsForwardedHeadersAndItsAuth() {
        SecretRef tenant = new SecretRef.Key("tenant", "id");
        SecretRef token = new SecretRef.Key("creds", "token");
        HeaderForward forward = new HeaderForward(Map.of("X-Plain", "v"), Map.of("X-Tenant", tenant));
        assertEquals(List.of(tenant, token), spec(forward, new AuthStrategy.HeaderInjection("X-Api-Key", null, token)).secretRefs());
        assertEquals(List.of(tenant), spec(forward, new AuthStrategy.HeaderInjection("X-Api-Key", "literal", null)).secretRefs());
        assertEquals(List.of(), spec(HeaderForward.NONE, AuthStrategy.UNAUTHENTICATED).secretRefs());
    }
}
