package routes.gateway;


import io.modelcontextprotocol.client.McpSyncClient;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.OidcProvider;
import routes.testing.RecordedRequest;
import routes.testing.TestTokenEndpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * From the client's OIDC token to a backend's own token: the gateway validates alice's token, then
 * exchanges it (RFC 8693) at a token endpoint of the test's own for the beta backend. beta sees the
 * exchanged token and never alice's; one exchange serves her calls within its lifetime; the
 * catalog lists beta with the gateway's client credentials, not with a user's token; a token
 * endpoint that is down fails beta's calls with a clear error and nothing else.
 */
class TokenExchangeEndToEndTest {

    private static final String AUDIENCE = "exchange-gw";

    private static OidcProvider idp;
    private static TestTokenEndpoint sts;
    private static FixtureBackend alpha;
    private static FixtureBackend beta;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        idp = OidcProvider.start();
        sts = TestTokenEndpoint.start().client("caravan", "sts-secret");
        alpha = FixtureBackend.builder("alpha").tools("echo").start();
        beta = FixtureBackend.builder("beta").tools("echo").start().requireAuthorization("Bearer ");
        gateway = GatewayHarness.start("""
                name: exchanging
                backends:
                  - {name: alpha, url: "%s", transport: streamable-http}
                  - {name: beta, url: "%s", transport: streamable-http}
                incomingAuth:
                  type: oidc
                  oidc: {issuer: "%s", audience: %s, insecureAllowHttp: true, jwksAllowPrivateIp: true}
                outgoingAuth:
                  source: inline
                  backends:
                    beta:
                      type: token_exchange
                      tokenExchange:
                        tokenUrl: "%s"
                        clientId: caravan
                        clientSecretEnv: STS_SECRET
                        audience: beta-api
                        scopes: [beta.read]
                """.formatted(alpha.url(), beta.url(), idp.issuer(), AUDIENCE, sts.url()), Map.of(),
                Map.of("STS_SECRET", "sts-secret"));
        String alice = idp.rsaToken("alice", AUDIENCE, b -> { });
        await().atMost(Duration.ofSeconds(20)).until(() -> BearerClients.toolNames(gateway, alice).size() == 2);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        alpha.close();
        beta.close();
        sts.close();
        idp.close();
    }



    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    @Test
    void theBackendGetsTheExchangedTokenOncePerLifetimeAndNeverTheClients() throws Exception {
        String alice = idp.rsaToken("alice", AUDIENCE, b -> { });
        assertTrue(sts.clientCredentialsGrants("caravan") >= 1, "the catalog listed beta with the gateway's own grant");
        try (McpSyncClient c = BearerClients.client(gateway, alice)) {
            c.initialize();
            for (int i = 0; i < 3; i++) {
                McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest("beta_echo", Map.of("i", i)));
                assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
            }
        }
        assertEquals(1, sts.exchanges(alice, "beta-api"), "one exchange for alice and beta within the token's lifetime");
        RecordedRequest call = beta.requests("tools/call").get(beta.requests("tools/call").size() - 1);
        String sent = call.header("authorization").substring("Bearer ".length());
        assertEquals(alice, sts.subjectOf(sent), "beta got the token exchanged for alice's");
        for (RecordedRequest r : beta.requests()) {
            assertNotEquals("Bearer " + alice, r.header("authorization"));
            assertFalse(r.headers().toString().contains(alice), "alice's token reached beta");
        }
        for (RecordedRequest r : alpha.requests()) {
            assertFalse(r.headers().toString().contains(alice), "alice's token reached alpha");
        }
    }

    @Test
    void aTokenEndpointThatIsDownFailsOnlyThatBackendsCalls() throws Exception {
        String carol = idp.rsaToken("carol", AUDIENCE, b -> { });
        sts.refuseWith(503);
        try (McpSyncClient c = BearerClients.client(gateway, carol)) {
            c.initialize();
            McpSchema.CallToolResult failed = c.callTool(new McpSchema.CallToolRequest("beta_echo", Map.of()));
            assertTrue(Boolean.TRUE.equals(failed.isError()));
            assertTrue(text(failed).contains("beta") && text(failed).contains("token exchange"), text(failed));
            assertFalse(text(failed).contains(sts.url()) || text(failed).contains("sts-secret"), text(failed));
            McpSchema.CallToolResult fine = c.callTool(new McpSchema.CallToolRequest("alpha_echo", Map.of()));
            assertFalse(Boolean.TRUE.equals(fine.isError()), text(fine));
        } finally {
            sts.refuseWith(0);
        }
    }
}
