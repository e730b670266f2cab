package routes.gateway;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import routes.testing.FixtureBackend;
import routes.testing.Fault;
import routes.testing.GatewayHarness;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A backend that forgot the gateway's session (restarted, expired) answers 404 as the spec says,
 * or 400 as the TypeScript SDK's servers do: the gateway opens a new session and sends the request
 * again, once, and the client never notices.
 */
class BackendSessionRecoveryTest {

    @ParameterizedTest
    @ValueSource(ints = {404, 400})
    void aForgottenSessionIsRenewedAndTheCallSucceeds(int status) throws Exception {
        try (FixtureBackend forgetful = FixtureBackend.builder("forgetful").tools("work").start();
             GatewayHarness gw = GatewayHarness.start("""
                     name: recovery
                     backends:
                       - name: forgetful
                         url: %s
                         transport: streamable-http
                     """.formatted(forgetful.url()))) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == 1);
            String call = "{\"name\":\"forgetful_work\",\"arguments\":{}}";
            assertEquals("forgetful/work {}", s.call("tools/call", call).path("result").path("content").get(0).path("text").asText());
            String before = forgetful.lastRequest("tools/call").header("mcp-session-id");
            int inits = forgetful.requests("initialize").size();

            forgetful.faultNext(1, Fault.status(status), "tools/call");
            assertEquals("forgetful/work {}", s.call("tools/call", call).path("result").path("content").get(0).path("text").asText());

            assertEquals(inits + 1, forgetful.requests("initialize").size(), "one new session");
            String after = forgetful.lastRequest("tools/call").header("mcp-session-id");
            assertEquals(false, before.equals(after), "the call was sent again on the new session");
        }
    }
}
