package routes.kamelets;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.testing.RecordedRequest;
import routes.testing.SdkServerBackend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The header forwarding and outgoing-auth Kamelets in a plain Camel context, in front of
 * {@code mcp-tool-action}: their headers arrive at a real MCP server (the SDK's, which records
 * every request's headers); a restricted header name stops the route from being created.
 */
class HeaderKameletsTest {

    @Test
    void forwardedSecretAndAuthHeadersArriveAtTheServer() throws Exception {
        Path secret = Files.createTempFile("api-key", ".txt");
        Files.writeString(secret, "key-from-file\n");
        try (SdkServerBackend sdk = SdkServerBackend.start("sdk", "echo");
             KameletRoutes routes = KameletRoutes.start("""
                     - route:
                         from:
                           uri: direct:call
                           steps:
                             - kamelet:
                                 name: "mcp-header-forward-action?headers=X-Tenant=blue,X-Region=eu-west-1"
                             - kamelet:
                                 name: "mcp-secret-header-forward-action?name=X-Api-Key&file=%s"
                             - kamelet:
                                 name: "mcp-header-injection-action?name=X-Service-Key&secret=injected-secret"
                             - kamelet:
                                 name: "mcp-bearer-token-action?token=bearer-secret"
                             - kamelet:
                                 name: "mcp-tool-action?url=%s&toolName=echo&forwardHeaders=X-Tenant,X-Region,X-Api-Key,X-Service-Key,Authorization"
                     """.formatted(secret, sdk.url()))) {
            ProducerTemplate p = routes.camel().createProducerTemplate();
            // a header already on the message wins over a forwarded one; auth overwrites
            p.requestBodyAndHeaders("direct:call", "{}", Map.of("X-Region", "set-upstream", "Authorization", "Basic old"));
            RecordedRequest call = sdk.requests("POST", "tools/call").get(0);
            assertEquals("blue", call.header("X-Tenant"));
            assertEquals("set-upstream", call.header("X-Region"), "forwarding keeps a header already set");
            assertEquals("key-from-file", call.header("X-Api-Key"), "read from the file, trailing newline dropped");
            assertEquals("injected-secret", call.header("X-Service-Key"));
            assertEquals("Bearer bearer-secret", call.header("Authorization"), "auth wins over a header already set");
            // the same headers went with initialize: the session was opened with them
            assertEquals("Bearer bearer-secret", sdk.requests("POST", "initialize").get(0).header("Authorization"));

            // a rotated Secret file is read on the next message
            Files.writeString(secret, "rotated-key");
            p.requestBody("direct:call", "{}");
            assertEquals("rotated-key", sdk.requests("POST", "tools/call").get(1).header("X-Api-Key"));
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    @Test
    void headersNotNamedInForwardHeadersStayBehind() throws Exception {
        try (SdkServerBackend sdk = SdkServerBackend.start("sdk", "echo");
             KameletRoutes routes = KameletRoutes.start("""
                     - route:
                         from:
                           uri: direct:call
                           steps:
                             - kamelet:
                                 name: "mcp-header-forward-action?headers=X-Tenant=blue"
                             - kamelet:
                                 name: "mcp-tool-action?url=%s&toolName=echo"
                     """.formatted(sdk.url()))) {
            routes.camel().createProducerTemplate().requestBodyAndHeader("direct:call", "{}", "Cookie", "sid=1");
            RecordedRequest call = sdk.requests("POST", "tools/call").get(0);
            assertNull(call.header("X-Tenant"));
            assertNull(call.header("Cookie"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "mcp-header-forward-action?headers=X-Ok=1,Host=evil.example      | header 'Host' is restricted",
            "mcp-header-forward-action?headers=X-Forwarded-For=10.0.0.1      | header 'X-Forwarded-For' is restricted",
            "mcp-secret-header-forward-action?name=Proxy-Authorization&secret=x | header 'Proxy-Authorization' is restricted",
            "mcp-header-injection-action?name=Content-Length&secret=1         | header 'Content-Length' is restricted",
            "mcp-tool-action?url=http://127.0.0.1:1/mcp&toolName=t&forwardHeaders=X-Real-IP | header 'X-Real-IP' is restricted",
            "mcp-header-forward-action?headers=NoEquals                      | has no '='"})
    void aRestrictedOrMalformedHeaderStopsTheRouteWithAClearError(String kamelet, String expected) {
        Exception e = assertThrows(Exception.class, () -> KameletRoutes.start("""
                - route:
                    from:
                      uri: direct:call
                      steps:
                        - kamelet:
                            name: "%s"
                """.formatted(kamelet)).close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains(expected), messages.toString());
    }

    @Test
    void aSecretThatCannotTravelFailsWithoutShowingIt() throws Exception {
        Path secret = Files.createTempFile("smuggle", ".txt");
        Files.writeString(secret, "top-secret\r\nX-Evil: 1");
        try (KameletRoutes routes = KameletRoutes.start("""
                - route:
                    from:
                      uri: direct:call
                      steps:
                        - kamelet:
                            name: "mcp-header-injection-action?name=X-Key&file=%s"
                """.formatted(secret))) {
            CamelExecutionException e = assertThrows(CamelExecutionException.class,
                    () -> routes.camel().createProducerTemplate().requestBody("direct:call", "{}"));
            String message = e.getCause().getMessage();
            assertTrue(message.contains("header 'X-Key': value contains a line break"), message);
            assertFalse(message.contains("top-secret"), message);
        } finally {
            Files.deleteIfExists(secret);
        }
    }
}
