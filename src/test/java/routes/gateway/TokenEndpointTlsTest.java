package routes.gateway;

import org.junit.jupiter.api.Test;
import routes.backend.BackendClient;
import routes.kernel.BackendException;
import routes.kernel.CallerIdentity;
import routes.kernel.Credential;
import routes.protocol.Json;
import routes.registry.BackendRegistry;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.RecordedRequest;
import routes.testing.TestPki;
import routes.testing.TestTokenEndpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A token endpoint over HTTPS with a private CA: trusted through the backend's CA bundle, refused
 * with a clear error for a backend that does not trust it; only that backend's calls fail.
 */
class TokenEndpointTlsTest {

    private static final String CONFIG = """
            name: tls
            backends:
              - {name: trusting, url: "%s", transport: streamable-http, caBundlePath: "%s"}
              - {name: plain, url: "%s", transport: streamable-http}
            outgoingAuth:
              default:
                type: token_exchange
                tokenExchange: {tokenUrl: "%s", clientId: gw, clientSecret: gw-secret, audience: api}
            """;

    @Test
    void theBackendsCaBundleIsTrustedForItsTokenEndpoint() throws Exception {
        try (TestPki pki = TestPki.create("Caravan token endpoint CA");
             TestTokenEndpoint tokens = TestTokenEndpoint.startHttps(pki.server("ip:127.0.0.1")).client("gw", "gw-secret");
             FixtureBackend trusting = FixtureBackend.builder("trusting").tools("a").start();
             FixtureBackend plain = FixtureBackend.builder("plain").tools("b").start();
             GatewayHarness gateway = GatewayHarness.start(CONFIG.formatted(trusting.url(), pki.caPemFile(), plain.url(),
                     tokens.url()))) {
            BackendClient client = gateway.camel().getRegistry().lookupByNameAndType("backendClient", BackendClient.class);
            BackendRegistry registry = gateway.camel().getRegistry().lookupByNameAndType("backendRegistry", BackendRegistry.class);
            await().atMost(Duration.ofSeconds(15)).until(() -> registry.get("trusting") != null && registry.get("plain") != null);
            CallerIdentity user = new CallerIdentity("u", CallerIdentity.Kind.AUTHENTICATED, null, null,
                    new Credential("Bearer", "user-token-1"), "https://idp.test", Map.of());

            client.call("s", registry.get("trusting"), user, "tools/call",
                    Json.object().put("name", "a").set("arguments", Json.object()), null);
            List<RecordedRequest> calls = trusting.requests("tools/call");
            assertTrue(calls.get(calls.size() - 1).header("Authorization").startsWith("Bearer xchg-"));
            assertEquals(1, tokens.exchanges("user-token-1", "api"));

            BackendException e = assertThrows(BackendException.class, () -> client.call("s", registry.get("plain"), user,
                    "tools/call", Json.object().put("name", "b").set("arguments", Json.object()), null));
            assertEquals("backend 'plain' cannot be called: token exchange failed: TLS with the token endpoint failed (is"
                    + " its CA in the backend's CA bundle or the system trust?)", e.clientMessage());
            assertTrue(plain.requests("tools/call").isEmpty());
        }
    }
}
