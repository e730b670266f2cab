package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client and anyone who reaches the MCP port learn when a backend fails: which backend and
 * what happened, never where it is (its URL, host or port). The log keeps that.
 */
class ClientErrorsTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    void aDeadBackendIsNamedButNotLocated() throws Exception {
        try (FixtureBackend a = FixtureBackend.start("a");
             FixtureBackend b = FixtureBackend.start("b");
             GatewayHarness gw = GatewayHarness.start("""
                     name: errors
                     backends:
                       - {name: a, url: "%s", transport: streamable-http}
                       - {name: b, url: "%s", transport: streamable-http}
                     operational:
                       failureHandling: {healthCheckInterval: 1s, healthCheckTimeout: 900ms, unhealthyThreshold: 1}
                     """.formatted(a.url(), b.url()))) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(WAIT).until(() -> tools(s).containsAll(List.of("a_echo", "b_echo")));
            List<String> where = List.of("127.0.0.1", "localhost", ":" + a.port(), "http://");
            a.stop();

            // at once: the call itself meets the closed port
            String first = callError(s, "a_echo");
            assertTrue(first.contains("backend 'a'"), first);
            where.forEach(w -> assertFalse(first.contains(w), first));

            // once probed: the backend is withheld, with a reason anyone may read
            await().atMost(WAIT).until(() -> statusOf(gw, "a").path("health").asText().equals("unhealthy"));
            String withheld = callError(s, "a_echo");
            assertTrue(withheld.startsWith("backend 'a' is unhealthy"), withheld);
            where.forEach(w -> assertFalse(withheld.contains(w), withheld));
            assertEquals("connection", statusOf(gw, "a").path("last_error_category").asText());
            for (String path : List.of("/status", "/api/backends/health", "/readyz")) {
                String body = gw.get(path).body();
                where.forEach(w -> assertFalse(body.contains(w), path + " shows '" + w + "': " + body));
            }
            assertTrue(callError(s, "b_echo").isEmpty(), "the other backend still answers");
        }
    }

    private static List<String> tools(McpHttpSession s) throws Exception {
        return s.call("tools/list", null).path("result").path("tools").findValuesAsText("name");
    }

    /** The error text of a tools/call (a JSON-RPC error or an isError result), or "" when it worked. */
    private static String callError(McpHttpSession s, String tool) throws Exception {
        JsonNode r = s.call("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":{}}");
        if (r.has("error")) {
            return r.path("error").path("message").asText();
        }
        return r.path("result").path("isError").asBoolean() ? r.path("result").path("content").path(0).path("text").asText() : "";
    }

    private static JsonNode statusOf(GatewayHarness gw, String backend) throws Exception {
        HttpResponse<String> r = gw.get("/status");
        for (JsonNode b : routes.protocol.Json.MAPPER.readTree(r.body()).path("backends")) {
            if (b.path("name").asText().equals(backend)) {
                return b;
            }
        }
        throw new AssertionError("no backend " + backend + " in " + r.body());
    }
}
