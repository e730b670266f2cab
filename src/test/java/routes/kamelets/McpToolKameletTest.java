package routes.kamelets;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.RecordedRequest;
import routes.testing.SdkServerBackend;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mcp-tool-action} and {@code mcp-tool-sink}, loaded by camel-kamelet from {@code kamelets/}
 * in a plain Camel context, calling real MCP servers: the official SDK's server, and the gateway
 * itself in front of a fixture backend.
 */
class McpToolKameletTest {

    @Test
    void theActionReturnsTheToolsResultAndKeepsOneSession() throws Exception {
        try (SdkServerBackend sdk = SdkServerBackend.start("sdk", "echo");
             KameletRoutes routes = KameletRoutes.start("""
                     - route:
                         from:
                           uri: direct:call
                           steps:
                             - kamelet:
                                 name: "mcp-tool-action?url=%s&toolName=echo"
                     """.formatted(sdk.url()))) {
            ProducerTemplate p = routes.camel().createProducerTemplate();
            Exchange first = p.request("direct:call", e -> e.getMessage().setBody("{\"city\":\"Oslo\"}"));
            JsonNode result = Json.MAPPER.readTree(first.getMessage().getBody(String.class));
            assertEquals("sdk/echo {city=Oslo}", result.at("/content/0/text").asText(), result.toString());
            assertEquals(Boolean.FALSE, first.getMessage().getHeader(McpToolCall.IS_ERROR));

            // a Map body is arguments too; an empty body is none
            Exchange second = p.request("direct:call", e -> e.getMessage().setBody(Map.of("n", 2)));
            assertTrue(second.getMessage().getBody(String.class).contains("sdk/echo {n=2}"));
            Exchange third = p.request("direct:call", e -> e.getMessage().setBody(""));
            assertTrue(third.getMessage().getBody(String.class).contains("sdk/echo {}"));

            assertEquals(1, sdk.requests("POST", "initialize").size(), "one session for all messages");
            List<RecordedRequest> calls = sdk.requests("POST", "tools/call");
            assertEquals(3, calls.size());
            String session = calls.get(0).header("Mcp-Session-Id");
            assertFalse(session == null || session.isEmpty());
            assertTrue(calls.stream().allMatch(c -> session.equals(c.header("Mcp-Session-Id"))));
            assertTrue(calls.stream().allMatch(c -> c.header("MCP-Protocol-Version") != null));

            // a restarted server has forgotten the session: the next message opens a new one
            sdk.stop().startServer();
            assertTrue(p.requestBody("direct:call", "{\"after\":\"restart\"}", String.class).contains("sdk/echo {after=restart}"));
            String renewed = sdk.requests("POST", "tools/call").get(sdk.requests("POST", "tools/call").size() - 1).header("Mcp-Session-Id");
            assertFalse(session.equals(renewed), "a new session after the restart");

            routes.camel().stop();
            assertEquals(List.of(renewed), sdk.requests("DELETE", null).stream().map(r -> r.header("Mcp-Session-Id")).toList(),
                    "the session ends when Camel stops");
        }
    }

    @Test
    void argumentsFromAPropertyAndAnUnknownToolFailsTheExchange() throws Exception {
        try (SdkServerBackend sdk = SdkServerBackend.start("sdk", "echo");
             KameletRoutes routes = KameletRoutes.start("""
                     - route:
                         from:
                           uri: direct:call
                           steps:
                             - setProperty:
                                 name: toolArgs
                                 constant: '{"from":"property"}'
                             - kamelet:
                                 name: "mcp-tool-action?url=%1$s&toolName=echo&argumentsProperty=toolArgs"
                     - route:
                         from:
                           uri: direct:unknown
                           steps:
                             - kamelet:
                                 name: "mcp-tool-action?url=%1$s&toolName=no-such-tool"
                     """.formatted(sdk.url()))) {
            ProducerTemplate p = routes.camel().createProducerTemplate();
            String body = p.requestBody("direct:call", "ignored, not JSON", String.class);
            assertTrue(body.contains("sdk/echo {from=property}"), body);
            CamelExecutionException e = assertThrows(CamelExecutionException.class, () -> p.requestBody("direct:unknown", "{}"));
            McpCallException cause = assertThrows(McpCallException.class, () -> {
                throw e.getCause();
            });
            assertTrue(cause.getMessage().contains("tools/call"), cause.getMessage());
        }
    }

    @Test
    void theActionCallsAToolThroughTheGateway() throws Exception {
        try (FixtureBackend alpha = FixtureBackend.start("alpha");
             GatewayHarness gateway = GatewayHarness.start("""
                     name: kamelets
                     backends:
                       - name: alpha
                         url: %s
                         transport: streamable-http
                     """.formatted(alpha.url()));
             KameletRoutes routes = KameletRoutes.start("""
                     - route:
                         from:
                           uri: direct:call
                           steps:
                             - kamelet:
                                 name: "mcp-tool-action?url=%s&toolName=alpha_echo"
                     """.formatted(gateway.mcpUrl()))) {
            ProducerTemplate p = routes.camel().createProducerTemplate();
            // the catalog fills in shortly after start: until then the tool is unknown
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() ->
                    p.requestBody("direct:call", "{\"msg\":\"via gateway\"}", String.class).contains("via gateway"));
            assertTrue(alpha.lastRequest("tools/call").body().contains("via gateway"));
        }
    }

    @Test
    void theSinkSendsEachMessageToTheTool() throws Exception {
        try (SdkServerBackend sdk = SdkServerBackend.start("sdk", "record");
             KameletRoutes routes = KameletRoutes.start("""
                     - route:
                         from:
                           uri: direct:in
                           steps:
                             - to: "kamelet:mcp-tool-sink?url=%s&toolName=record"
                     """.formatted(sdk.url()))) {
            routes.camel().createProducerTemplate().sendBody("direct:in", "{\"event\":\"one\"}");
            List<RecordedRequest> calls = sdk.requests("POST", "tools/call");
            assertEquals(1, calls.size());
            JsonNode sent = Json.MAPPER.readTree(calls.get(0).body());
            assertEquals("record", sent.at("/params/name").asText());
            assertEquals("one", sent.at("/params/arguments/event").asText());
        }
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefusedWithoutACall() throws Exception {
        try (SdkServerBackend sdk = SdkServerBackend.start("sdk", "echo");
             KameletRoutes routes = KameletRoutes.start("""
                     - route:
                         from:
                           uri: direct:call
                           steps:
                             - kamelet:
                                 name: "mcp-tool-action?url=%s&toolName=echo"
                     """.formatted(sdk.url()))) {
            CamelExecutionException e = assertThrows(CamelExecutionException.class,
                    () -> routes.camel().createProducerTemplate().requestBody("direct:call", "[1,2]"));
            assertTrue(e.getCause().getMessage().contains("must be a JSON object"), e.getCause().getMessage());
            assertTrue(sdk.requests("POST", "tools/call").isEmpty());
        }
    }

    @Test
    void aToolThatDoesNotAnswerInTimeFailsTheExchange() throws Exception {
        try (SdkServerBackend sdk = SdkServerBackend.start("sdk", "slow");
             KameletRoutes routes = KameletRoutes.start("""
                     - route:
                         from:
                           uri: direct:call
                           steps:
                             - kamelet:
                                 name: "mcp-tool-action?url=%s&toolName=slow&requestTimeout=1000"
                     """.formatted(sdk.url()))) {
            ProducerTemplate p = routes.camel().createProducerTemplate();
            p.requestBody("direct:call", "{}");
            sdk.holdCalls();
            long start = System.nanoTime();
            CamelExecutionException e = assertThrows(CamelExecutionException.class, () -> p.requestBody("direct:call", "{}"));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            sdk.releaseCalls();
            assertTrue(millis < 5000, "failed after " + millis + " ms");
            String message = String.valueOf(e.getCause().getMessage());
            assertTrue(message.contains("within 1000 ms") || e.getCause() instanceof java.net.http.HttpTimeoutException, message);
        }
    }
}
