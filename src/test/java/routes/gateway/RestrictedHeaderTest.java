package routes.gateway;

import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backend configured with a restricted header or a CRLF value is rejected at load with an error
 * naming it and the header, is never called, and the other backends serve as usual.
 */
class RestrictedHeaderTest {

    @Test
    void badHeadersRejectTheirBackendsAndTheOthersServe() throws Exception {
        try (FixtureBackend good = FixtureBackend.builder("good").tools("ping").start();
             FixtureBackend smuggler = FixtureBackend.builder("smuggler").tools("ping").start();
             FixtureBackend splitter = FixtureBackend.builder("splitter").tools("ping").start();
             LogCapture logs = LogCapture.start();
             GatewayHarness gateway = GatewayHarness.start("""
                     name: restricted
                     backends:
                       - name: good
                         url: %s
                         transport: streamable-http
                         headerForward: {addPlaintextHeaders: {X-Tenant: acme}}
                       - name: smuggler
                         url: %s
                         transport: streamable-http
                         headerForward: {addPlaintextHeaders: {Transfer-Encoding: chunked}}
                       - name: splitter
                         url: %s
                         transport: streamable-http
                         headerForward: {addPlaintextHeaders: {X-Trace: "a\\r\\nX-Injected: 1"}}
                     """.formatted(good.url(), smuggler.url(), splitter.url()))) {
            McpHttpSession s = McpHttpSession.open(gateway);
            await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == 1);

            assertEquals("good_ping", s.call("tools/list", null).path("result").path("tools").get(0).path("name").asText());
            assertEquals("good/ping {}", s.call("tools/call", "{\"name\":\"good_ping\",\"arguments\":{}}")
                    .path("result").path("content").get(0).path("text").asText());
            assertTrue(smuggler.requests().isEmpty(), "a rejected backend is never called");
            assertTrue(splitter.requests().isEmpty(), "a rejected backend is never called");
            assertEquals(List.of(), good.requests().stream().filter(r -> r.hasHeader("X-Injected")).toList());

            assertEquals(1, logs.linesContaining("Backend 'smuggler' is not routed to: header 'Transfer-Encoding' is restricted"
                    + " and cannot be forwarded").size(), String.join("\n", logs.linesContaining("smuggler")));
            assertEquals(1, logs.linesContaining("Backend 'splitter' is not routed to: header 'X-Trace': value contains a line"
                    + " break").size(), String.join("\n", logs.linesContaining("splitter")));
            assertTrue(logs.linesContaining("X-Injected").isEmpty(), "the bad value is never echoed");
        }
    }
}
