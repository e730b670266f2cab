package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.testing.Fault;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One backend down or answering garbage: the other's tools still list and call. */
class BrokenBackendTest {

    private static FixtureBackend good;
    private static FixtureBackend bad;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        good = FixtureBackend.builder("good").tools("work").start();
        bad = FixtureBackend.builder("bad").tools("work").start();
        gateway = GatewayHarness.start("""
                name: broken
                backends:
                  - name: good
                    url: %s
                    transport: streamable-http
                  - name: bad
                    url: %s
                    transport: streamable-http
                operational:
                  timeouts:
                    default: 2s
                """.formatted(good.url(), bad.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        good.close();
        bad.close();
    }

    private static int toolCount(McpHttpSession s) throws Exception {
        return s.call("tools/list", null).path("result").path("tools").size();
    }

    @Test
    void downThenGarbageThenBackAgain() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> toolCount(s) == 2);

        // a call to a backend that is down is a tool error naming it; the other backend serves
        bad.stop();
        JsonNode down = s.call("tools/call", "{\"name\":\"bad_work\",\"arguments\":{}}");
        assertTrue(down.path("result").path("isError").asBoolean(), down.toString());
        assertTrue(down.path("result").path("content").path(0).path("text").asText().contains("backend 'bad'"), down.toString());
        JsonNode ok = s.call("tools/call", "{\"name\":\"good_work\",\"arguments\":{}}");
        assertTrue(ok.path("result").path("content").path(0).path("text").asText().startsWith("good/work"), ok.toString());

        // garbage instead of JSON-RPC: a clear error, never a stack trace; the other still serves
        bad.startServer();
        bad.fault(Fault.garbage());
        JsonNode garbage = s.call("tools/call", "{\"name\":\"bad_work\",\"arguments\":{}}");
        String text = garbage.path("result").path("content").path(0).path("text").asText();
        assertTrue(text.contains("backend 'bad'") && !text.contains("Exception"), garbage.toString());
        assertTrue(s.call("tools/call", "{\"name\":\"good_work\",\"arguments\":{}}")
                .path("result").path("content").path(0).path("text").asText().startsWith("good/work"));

        // an answer for another request's id is a protocol error for this call, not an empty success
        bad.heal();
        bad.fault(Fault.wrongId(), "tools/call");
        JsonNode foreign = s.call("tools/call", "{\"name\":\"bad_work\",\"arguments\":{}}");
        assertTrue(foreign.path("result").path("isError").asBoolean(), foreign.toString());
        assertTrue(foreign.path("result").path("content").path(0).path("text").asText()
                .contains("backend 'bad' answered with a response to another request"), foreign.toString());
        assertTrue(s.call("tools/call", "{\"name\":\"good_work\",\"arguments\":{}}")
                .path("result").path("content").path(0).path("text").asText().startsWith("good/work"));

        // the healthy backend's tools never leave the listing meanwhile
        assertTrue(s.call("tools/list", null).path("result").path("tools").toString().contains("\"good_work\""));
        bad.heal();
        assertEquals("{}", s.call("ping", null).path("result").toString());
    }

    @Test
    void backendDownAtStartIsLeftOutAndJoinsWhenItComesUp() throws Exception {
        FixtureBackend late = FixtureBackend.builder("late").tools("hello").start();
        late.stop();
        try (GatewayHarness gw = GatewayHarness.start("""
                name: late
                backends:
                  - name: good
                    url: %s
                    transport: streamable-http
                  - name: late
                    url: %s
                    transport: streamable-http
                """.formatted(good.url(), late.url()))) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(Duration.ofSeconds(15)).until(() -> toolCount(s) == 1);
            late.startServer();
            // failed backends are re-fetched on every discovery round
            await().atMost(Duration.ofSeconds(15)).until(() -> toolCount(s) == 2);
        } finally {
            late.close();
        }
    }
}
