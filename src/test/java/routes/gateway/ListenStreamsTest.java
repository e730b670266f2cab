package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.GatewayHarness;
import routes.testing.SdkServerBackend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * subscriptions/listen streams (2026-07-28) hold no worker thread while open, as GET streams do:
 * with 4 workers and 8 open listen streams, requests are still answered; at their maximum age the
 * gateway ends each with the listen result.
 */
class ListenStreamsTest {

    @Test
    void listenStreamsHoldNoWorkerAndEndWithTheirResultAtTheirMaximumAge() throws Exception {
        try (SdkServerBackend backend = SdkServerBackend.start("one", "work");
             GatewayHarness gw = GatewayHarness.start("""
                     name: listeners
                     backends:
                       - {name: one, url: "%s", transport: streamable-http}
                     """.formatted(backend.url()), Map.of("caravan.http.virtual-threads", "false",
                     "caravan.http.worker-pool-size", "4", "caravan.session.heartbeat-interval", "200",
                     "caravan.stream.max-age", "4000"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> gw.get("/readyz").statusCode() == 200);
            List<LinkedBlockingQueue<JsonNode>> streams = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                LinkedBlockingQueue<JsonNode> s = ModernHttp.listen(gw.mcpUrl(), "L" + i, "toolsListChanged");
                JsonNode ack = s.poll(10, TimeUnit.SECONDS);
                assertNotNull(ack, "listen stream " + i + " was acknowledged");
                assertEquals("notifications/subscriptions/acknowledged", ack.path("method").asText());
                streams.add(s);
            }
            JsonNode listed = ModernHttp.events(ModernHttp.send(ModernHttp.request(gw.mcpUrl(), "tools/list",
                    ModernHttp.withMeta(Json.object(), Json.object()), Map.of(), Json.MAPPER.getNodeFactory().textNode("t")))).get(0);
            assertEquals("one_work", listed.path("result").path("tools").path(0).path("name").asText(), listed.toString());

            JsonNode end = streams.get(0).poll(10, TimeUnit.SECONDS);
            assertNotNull(end, "the stream ends at its maximum age");
            assertEquals("L0", end.path("id").asText(), end.toString());
            assertEquals("complete", end.path("result").path("resultType").asText(), end.toString());
            assertTrue(end.path("result").path("_meta").has("io.modelcontextprotocol/subscriptionId"), end.toString());
        }
    }
}
