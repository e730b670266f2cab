package routes.kamelets;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import routes.testing.LogCapture;
import routes.testing.SdkServerBackend;
import routes.testing.TestTokenEndpoint;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mcp-client-credentials-action} and {@code mcp-token-exchange-action} in front of
 * {@code mcp-tool-action}: a real token endpoint (the test's own, which checks the grant's form and
 * the client's HTTP Basic credentials) issues the token, and the MCP server (the SDK's) receives it
 * as the bearer token; tokens are reused until they expire, per caller for token exchange.
 */
class OAuthKameletsTest {

    @Test
    void clientCredentialsTokenReachesTheServerAndIsReused() throws Exception {
        try (LogCapture logs = LogCapture.start();
             TestTokenEndpoint auth = TestTokenEndpoint.start().client("caravan", "cc-secret-0b7");
             SdkServerBackend sdk = SdkServerBackend.start("sdk", "echo");
             KameletRoutes routes = KameletRoutes.start("""
                     - route:
                         from:
                           uri: direct:call
                           steps:
                             - kamelet:
                                 name: "mcp-client-credentials-action?tokenUrl=%s&clientId=caravan&clientSecret=cc-secret-0b7&audience=tools&scope=read write"
                             - kamelet:
                                 name: "mcp-tool-action?url=%s&toolName=echo&forwardHeaders=Authorization"
                     """.formatted(auth.url(), sdk.url()))) {
            ProducerTemplate p = routes.camel().createProducerTemplate();
            p.requestBody("direct:call", "{}");
            p.requestBody("direct:call", "{}");
            assertEquals(1, auth.clientCredentialsGrants("caravan"), "one grant while the token is fresh");
            TestTokenEndpoint.Call grant = auth.calls().get(0);
            assertEquals(Map.of("grant_type", "client_credentials", "audience", "tools", "scope", "read write"), grant.form());
            assertTrue(sdk.requests("POST", "tools/call").stream()
                    .allMatch(r -> ("Bearer " + grant.issued()).equals(r.header("Authorization"))));
            assertEquals(List.of(), logs.linesContaining("cc-secret-0b7"));
            assertEquals(List.of(), logs.linesContaining(grant.issued()));
        }
    }

    @Test
    void tokenExchangeReplacesEachCallersTokenWithItsOwnExchangedOne() throws Exception {
        try (TestTokenEndpoint auth = TestTokenEndpoint.start().client("gateway", "xchg-secret");
             SdkServerBackend sdk = SdkServerBackend.start("sdk", "echo");
             KameletRoutes routes = KameletRoutes.start("""
                     - route:
                         from:
                           uri: direct:call
                           steps:
                             - kamelet:
                                 name: "mcp-token-exchange-action?tokenUrl=%s&clientId=gateway&clientSecret=xchg-secret&audience=mcp"
                             - kamelet:
                                 name: "mcp-tool-action?url=%s&toolName=echo&forwardHeaders=Authorization"
                     """.formatted(auth.url(), sdk.url()))) {
            ProducerTemplate p = routes.camel().createProducerTemplate();
            p.requestBodyAndHeader("direct:call", "{}", "Authorization", "Bearer alice-token");
            p.requestBodyAndHeader("direct:call", "{}", "Authorization", "Bearer bob-token");
            p.requestBodyAndHeader("direct:call", "{}", "Authorization", "Bearer alice-token");
            assertEquals(1, auth.exchanges("alice-token", "mcp"), "alice's exchanged token is reused");
            assertEquals(1, auth.exchanges("bob-token", "mcp"));
            List<String> sent = sdk.requests("POST", "tools/call").stream().map(r -> r.header("Authorization")).toList();
            assertEquals("alice-token", auth.subjectOf(sent.get(0).substring(7)));
            assertEquals("bob-token", auth.subjectOf(sent.get(1).substring(7)));
            assertEquals(sent.get(0), sent.get(2));
            assertTrue(sent.stream().noneMatch(s -> s.contains("alice-token") || s.contains("bob-token")),
                    "the caller's own token never reaches the server");

            CamelExecutionException none = assertThrows(CamelExecutionException.class, () -> p.requestBody("direct:call", "{}"));
            assertTrue(none.getCause().getMessage().contains("needs the caller's token in header 'Authorization'"),
                    none.getCause().getMessage());
        }
    }

    @Test
    void aRefusingTokenEndpointFailsTheMessageWithoutSecrets() throws Exception {
        try (TestTokenEndpoint auth = TestTokenEndpoint.start().client("caravan", "right-secret");
             KameletRoutes routes = KameletRoutes.start("""
                     - route:
                         from:
                           uri: direct:call
                           steps:
                             - kamelet:
                                 name: "mcp-client-credentials-action?tokenUrl=%s&clientId=caravan&clientSecret=wrong-secret-4c1"
                     """.formatted(auth.url()))) {
            CamelExecutionException e = assertThrows(CamelExecutionException.class,
                    () -> routes.camel().createProducerTemplate().requestBody("direct:call", "{}"));
            String message = e.getCause().getMessage();
            assertTrue(message.contains("HTTP 401 (invalid_client)"), message);
            assertFalse(message.contains("wrong-secret-4c1"), message);
        }
    }
}
