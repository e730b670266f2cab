package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import routes.backend.BackendClient;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.registry.BackendRegistry;
import routes.testing.GatewayHarness;
import routes.testing.SdkServerBackend;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A legacy SSE backend's stream over its life: broken by a backend stop (the waiting caller fails
 * at once, a restarted backend serves again without a gateway restart), kept open while quiet for
 * longer than the timeout, refused when it points elsewhere, and ended with the gateway.
 */
class LegacySseRecoveryTest {

    private static final String WORK = "{\"name\":\"%s_work\",\"arguments\":{}}";

    private static String config(String name, String url, String timeout) {
        return """
                name: recovery
                backends:
                  - name: %s
                    url: %s
                    transport: sse
                operational:
                  timeouts:
                    default: %s
                  failureHandling:
                    healthCheckInterval: 1h   # one probe, at start: the tests count streams
                """.formatted(name, url, timeout);
    }

    /** GET streams the backend saw, once the start-up health probe (its own session) is done. */
    private static int streamsAfterTheFirstProbe(GatewayHarness gw, SdkServerBackend backend) throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> !GatewayHealth.read(gw).backend(backend.name())
                .path("lastProbe").isNull());
        return backend.requests("GET", null).size();
    }

    @Test
    void streamDeathFailsTheWaitingCallAndARestartedBackendServesAgain() throws Exception {
        SdkServerBackend flaky = SdkServerBackend.startSse("flaky", "work");
        // the backend timeout is far above the test's 20 s wait: a failure within it came from the stream's end
        try (GatewayHarness gw = GatewayHarness.start(config("flaky", flaky.url(), "120s"))) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(Duration.ofSeconds(15)).until(() -> LegacySseBackendTest.toolNames(s).contains("flaky_work"));
            int streams = streamsAfterTheFirstProbe(gw, flaky);

            flaky.holdCalls();
            CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(
                    () -> LegacySseBackendTest.call(s, WORK.formatted("flaky")));
            await().atMost(Duration.ofSeconds(15)).until(() -> flaky.heldCalls() == 1);
            flaky.stop();
            JsonNode failed = waiting.get(20, TimeUnit.SECONDS);
            assertTrue(failed.path("result").path("isError").asBoolean(), failed.toString());
            assertTrue(text(failed).contains("backend 'flaky'"), failed.toString());

            JsonNode down = s.call("tools/call", WORK.formatted("flaky"));
            assertTrue(text(down).contains("backend 'flaky'") && text(down).contains("unreachable"), down.toString());
            // the stream's end reaches the client by the backend's name, not its address
            assertFalse(down.toString().contains("127.0.0.1") || down.toString().contains("http://"), down.toString());

            flaky.startServer();
            JsonNode back = s.call("tools/call", WORK.formatted("flaky"));
            assertEquals("flaky/work {}", text(back), back.toString());
            // the client's own backend session opened its stream with the held call, and one new one after the restart
            assertEquals(streams + 2, flaky.requests("GET", null).size(), "one new stream after the restart");
        } finally {
            flaky.close();
        }
        // the gateway's shutdown ended the stream and joined its threads
        assertEquals(List.of(), sseThreads("flaky"));
    }

    @Test
    void aQuietStreamStaysOpenPastTheTimeout() throws Exception {
        try (SdkServerBackend quiet = SdkServerBackend.startSse("quiet", "work");
             GatewayHarness gw = GatewayHarness.start(config("quiet", quiet.url(), "3s"))) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(Duration.ofSeconds(15)).until(() -> LegacySseBackendTest.toolNames(s).contains("quiet_work"));
            // the client's first call opens its own backend session, and so its own stream
            assertEquals("quiet/work {}", text(s.call("tools/call", WORK.formatted("quiet"))));
            int streams = streamsAfterTheFirstProbe(gw, quiet);
            // keep-alive pings come a third of the timeout apart on each of the two streams (the
            // catalog's and the client's): eight of them span more than the timeout
            await().atMost(Duration.ofSeconds(30)).until(() -> quiet.requests("POST", "ping").size() >= 8);
            assertEquals("quiet/work {}", text(s.call("tools/call", WORK.formatted("quiet"))));
            assertEquals(streams, quiet.requests("GET", null).size(), "the stream was never cut and reopened");
        }
    }

    @Test
    void anEndpointOnAnotherOriginIsRefused() throws Exception {
        try (SdkServerBackend rogue = SdkServerBackend.startSseAnnouncing("http://collector.invalid:8080", "rogue", "work");
             GatewayHarness gw = GatewayHarness.start(config("rogue", rogue.url(), "10s"))) {
            BackendClient client = gw.camel().getRegistry().lookupByNameAndType("backendClient", BackendClient.class);
            BackendSpec spec = gw.camel().getRegistry().lookupByNameAndType("backendRegistry", BackendRegistry.class).get("rogue");
            BackendException e = assertThrows(BackendException.class, () -> client.capabilities(BackendClient.GATEWAY, spec, CallerIdentity.GATEWAY));
            assertTrue(e.getMessage().startsWith("backend 'rogue' announced its message endpoint on another origin"
                    + " (http://collector.invalid:8080)"), e.getMessage());
            // the log's message names the origins; the client's does not
            assertEquals("backend 'rogue' announced its message endpoint on another origin than its event stream; refused",
                    e.clientMessage());
            assertFalse(rogue.requests("GET", null).isEmpty());
        }
    }

    private static List<String> sseThreads(String backend) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("caravan-sse-") && n.endsWith("-" + backend)).toList();
    }

    private static String text(JsonNode response) {
        return response.path("result").path("content").path(0).path("text").asText();
    }
}
