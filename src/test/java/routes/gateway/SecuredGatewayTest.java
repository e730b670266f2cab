package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import io.modelcontextprotocol.client.McpSyncClient;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.OidcProvider;
import routes.testing.RecordedRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The auth issue's steps together, with identities from real tokens: an OIDC provider of the
 * test's own signs alice (group eng) and bob (group ops); authorization denies ops the admin tool,
 * in tools/list and on tools/call; each user has a rate limit of their own; every call leaves an
 * audit line naming its user and holding no token; no backend ever sees a client's token.
 */
class SecuredGatewayTest {

    private static final String AUDIENCE = "secured-gw";

    private static OidcProvider idp;
    private static FixtureBackend alpha;
    private static GatewayHarness gateway;
    private static Path audit;

    @BeforeAll
    static void start() throws Exception {
        idp = OidcProvider.start();
        alpha = FixtureBackend.builder("alpha").tools("search", "admin").start();
        audit = Files.createTempDirectory("caravan-secured").resolve("audit.log");
        gateway = GatewayHarness.start("""
                name: secured
                backends:
                  - {name: alpha, url: "%s", transport: streamable-http}
                incomingAuth:
                  type: oidc
                  oidc:
                    issuer: "%s"
                    audience: %s
                    insecureAllowHttp: true
                    jwksAllowPrivateIp: true
                  authz:
                    type: rules
                    rules:
                      default: allow
                      tools:
                        - {deny: alpha_admin, groups: [ops]}
                rateLimiting:
                  perUser: {maxTokens: 3, refillPeriod: 10m}
                audit:
                  logFile: "%s"
                """.formatted(alpha.url(), idp.issuer(), AUDIENCE, audit));
        await().atMost(Duration.ofSeconds(20)).until(() -> BearerClients.toolNames(gateway, token("alice", "eng")).size() == 2);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        alpha.close();
        idp.close();
    }

    private static String token(String subject, String group) {
        return idp.rsaToken(subject, AUDIENCE, b -> b.claim("groups", List.of(group)));
    }



    @Test
    void theTokensGroupsDecideTheToolsItsSubjectHasItsOwnLimitAndEveryCallIsAudited() throws Exception {
        String alice = token("alice", "eng");
        String bob = token("bob", "ops");
        assertEquals(List.of("alpha_admin", "alpha_search"), BearerClients.toolNames(gateway, alice));
        assertEquals(List.of("alpha_search"), BearerClients.toolNames(gateway, bob), "a denied tool is not listed");

        int adminCalls = alpha.requests("tools/call").size();
        try (McpSyncClient a = BearerClients.client(gateway, alice); McpSyncClient b = BearerClients.client(gateway, bob)) {
            a.initialize();
            b.initialize();
            assertThrows(Exception.class, () -> b.callTool(new McpSchema.CallToolRequest("alpha_admin", Map.of())),
                    "a denied tool is refused");
            assertEquals(adminCalls, alpha.requests("tools/call").size(), "the refused call never reached the backend");

            for (int i = 0; i < 3; i++) {
                assertFalse(Boolean.TRUE.equals(a.callTool(new McpSchema.CallToolRequest("alpha_search", Map.of())).isError()));
            }
            assertThrows(Exception.class, () -> a.callTool(new McpSchema.CallToolRequest("alpha_search", Map.of())),
                    "alice's fourth call is over her limit");
            assertFalse(Boolean.TRUE.equals(b.callTool(new McpSchema.CallToolRequest("alpha_search", Map.of())).isError()),
                    "bob's limit is his own");
        }

        List<JsonNode> calls = Files.readAllLines(audit).stream().map(SecuredGatewayTest::json)
                .filter(e -> "mcp_tool_call".equals(e.path("type").asText())).toList();
        List<String> outcomes = calls.stream().map(e -> e.path("subjects").path("user_id").asText() + " "
                + e.path("target").path("name").asText() + " " + e.path("outcome").asText()).toList();
        assertEquals(List.of("bob alpha_admin denied", "alice alpha_search success", "alice alpha_search success",
                "alice alpha_search success", "alice alpha_search rate_limited", "bob alpha_search success"), outcomes);
        assertTrue(calls.stream().allMatch(e -> idp.issuer().equals(e.path("subjects").path("issuer").asText())), calls::toString);
        String log = Files.readString(audit);
        assertFalse(log.contains(alice) || log.contains(bob), "a token reached the audit log");
        for (RecordedRequest r : alpha.requests()) {
            assertNull(r.header("authorization"), "a client's Authorization reached the backend: " + r.jsonRpcMethod());
        }
    }

    private static JsonNode json(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }
}
