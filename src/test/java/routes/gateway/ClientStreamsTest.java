package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import routes.mcp.McpSession;
import routes.mcp.SessionStore;
import routes.protocol.Json;
import routes.protocol.JsonRpc;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;
import routes.testing.SdkServerBackend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's own SSE streams to clients: a GET stream holds no worker thread while it is open,
 * events carry ids, and a client that lost a stream (a GET stream at its maximum age, a POST answer
 * cut before its result) resumes it with GET + Last-Event-ID and gets what it missed.
 */
class ClientStreamsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String config(SdkServerBackend backend) {
        return """
                name: streams
                backends:
                  - name: slow
                    url: %s
                    transport: streamable-http
                """.formatted(backend.url());
    }

    private static SessionStore sessions(GatewayHarness gw) {
        return gw.camel().getRegistry().lookupByNameAndType("sessionStore", SessionStore.class);
    }

    private static JsonNode notification(int n) {
        return JsonRpc.notification("notifications/message", Json.MAPPER.createObjectNode().put("level", "info")
                .put("data", "event " + n));
    }

    @Test
    void getStreamsHoldNoWorkerThread() throws Exception {
        // 4 platform workers and 12 open GET streams: with a worker per stream no POST would run
        try (SdkServerBackend backend = SdkServerBackend.start("slow", "work");
             // backend GET streams off: they are exchanges in flight too, and this counts the clients' streams
             GatewayHarness gw = GatewayHarness.start(config(backend), Map.of("caravan.http.virtual-threads", "false",
                     "caravan.http.worker-pool-size", "4", "caravan.session.heartbeat-interval", "200",
                     "caravan.backend.event-streams.max", "0"))) {
            await().atMost(WAIT).until(() -> gw.get("/readyz").statusCode() == 200);
            LogCapture log = LogCapture.start();
            List<McpHttpSession> clients = new ArrayList<>();
            List<List<SseConnection>> streams = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                McpHttpSession session = McpHttpSession.open(gw);
                clients.add(session);
                List<SseConnection> mine = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    SseConnection s = SseConnection.get(gw, session.id, null);
                    assertEquals(200, s.status);
                    assertEquals("stream open", s.next().comment());
                    mine.add(s);
                }
                streams.add(mine);
            }
            // each open stream is an exchange in flight (its span lasts as long), holding no thread
            await().atMost(WAIT).until(() -> gw.camel().getInflightRepository().size() == 12);
            for (McpHttpSession session : clients) {
                JsonNode answer = session.call("tools/call", "{\"name\":\"slow_work\",\"arguments\":{}}");
                assertTrue(answer.path("result").path("content").path(0).path("text").asText().startsWith("slow/work"),
                        answer.toString());
            }
            // the streams are alive: heartbeats still reach them, and the per-session cap still holds
            SseConnection watched = streams.get(1).get(0);
            SseConnection.Event e = watched.next();
            while (e != null && !"keep-alive".equals(e.comment())) {
                e = watched.next();
            }
            assertNotNull(e, "no heartbeat reached an open stream");
            try (SseConnection fifth = SseConnection.get(gw, clients.get(0).id, null)) {
                assertEquals(409, fifth.status);
            }
            // the session's end ends its streams
            assertEquals(204, clients.get(0).end().statusCode());
            for (SseConnection s : streams.get(0)) {
                assertTrue(s.endsSoon(), "a stream outlived its session");
                s.close();
            }
            await().atMost(WAIT).until(() -> gw.camel().getInflightRepository().size() == 8);
            log.close();
            assertEquals(List.of(), log.lines().stream().filter(l -> l.startsWith("ERROR") || l.startsWith("WARN")).toList());
            gw.close();
            // shutdown ends the others
            for (int c = 1; c < 3; c++) {
                for (SseConnection s : streams.get(c)) {
                    assertTrue(s.endsSoon(), "a stream outlived the gateway");
                    s.close();
                }
            }
        }
    }

    @Test
    void aGetStreamResumesWhereItsClientLostIt() throws Exception {
        try (SdkServerBackend backend = SdkServerBackend.start("slow", "work");
             GatewayHarness gw = GatewayHarness.start(config(backend), Map.of("caravan.stream.max-age", "600",
                     "caravan.session.heartbeat-interval", "100", "caravan.stream.retry", "50"))) {
            // the catalog's first list_changed goes out before the stream opens
            await().atMost(WAIT).until(() -> gw.get("/readyz").statusCode() == 200);
            McpHttpSession client = McpHttpSession.open(gw);
            McpSession session = sessions(gw).find(client.id);
            String lastSeen;
            try (SseConnection first = SseConnection.get(gw, client.id, null)) {
                SseConnection.Event priming = first.nextMessage();
                assertNotNull(priming.id(), "2025-11-25: a stream starts with an event id the client can resume from");
                assertEquals("", priming.data());
                assertTrue(session.notifyClient(notification(1)));
                SseConnection.Event one = first.nextMessage();
                assertTrue(one.data().contains("event 1"), one.toString());
                assertTrue(!one.id().equals(priming.id()));
                lastSeen = one.id();
                // at its maximum age the gateway closes the connection, telling the client when to come back
                SseConnection.Event retry = first.nextMessage();
                assertNotNull(retry);
                assertEquals("50", retry.retry(), retry.toString());
                assertTrue(first.endsSoon());
            }
            // sent while the client had no connection: kept for it
            assertTrue(session.notifyClient(notification(2)));
            assertTrue(session.notifyClient(notification(3)));
            try (SseConnection resumed = SseConnection.get(gw, client.id, lastSeen)) {
                assertEquals(200, resumed.status);
                SseConnection.Event two = resumed.nextMessage();
                SseConnection.Event three = resumed.nextMessage();
                assertTrue(two.data().contains("event 2"), two.toString());
                assertTrue(three.data().contains("event 3"), three.toString());
                assertTrue(session.notifyClient(notification(4)));
                SseConnection.Event four = resumed.nextMessage();
                assertTrue(four.data().contains("event 4"), four.toString());
                // ids are unique in the session and name the stream
                assertEquals(4, List.of(lastSeen, two.id(), three.id(), four.id()).stream().distinct().count());
                String stream = lastSeen.substring(0, lastSeen.lastIndexOf('-'));
                assertTrue(four.id().startsWith(stream + "-"), four.id());
            }
            // a resume while the stream still has a connection (a half-open one, say) takes it over
            try (SseConnection stale = SseConnection.get(gw, client.id, lastSeen)) {
                assertEquals(200, stale.status);
                try (SseConnection again = SseConnection.get(gw, client.id, lastSeen)) {
                    assertEquals(200, again.status);
                    assertTrue(stale.endsSoon(), "the connection taken over ends");
                    SseConnection.Event two = again.nextMessage();
                    assertTrue(two.data().contains("event 2"), two.toString());
                }
            }
            // an id the gateway does not know: 400, and the client opens a fresh stream
            for (String unknown : List.of("g999-1", "nonsense", lastSeen.replaceAll("-\\d+$", "-999"))) {
                try (SseConnection bad = SseConnection.get(gw, client.id, unknown)) {
                    assertEquals(400, bad.status, unknown);
                    String body = bad.body();
                    assertTrue(body.contains("Last-Event-ID"), body + " " + bad.headers);
                }
            }
        }
    }

    @Test
    void clientsBefore20251125GetNoPrimingEvent() throws Exception {
        try (SdkServerBackend backend = SdkServerBackend.start("slow", "work");
             GatewayHarness gw = GatewayHarness.start(config(backend))) {
            await().atMost(WAIT).until(() -> gw.get("/readyz").statusCode() == 200);
            McpHttpSession client = McpHttpSession.open(gw, "2025-06-18");
            try (SseConnection stream = SseConnection.get(gw, client.id, null)) {
                assertEquals(200, stream.status);
                assertTrue(sessions(gw).find(client.id).notifyClient(notification(1)));
                SseConnection.Event first = stream.nextMessage();
                assertTrue(first.data().contains("event 1"), "an event without data could confuse an older client: " + first);
                assertNotNull(first.id(), "events still carry ids");
            }
        }
    }

    @Test
    void aPostAnswerCutBeforeItsResultIsResumedByGet() throws Exception {
        try (SdkServerBackend backend = SdkServerBackend.start("slow", "work");
             GatewayHarness gw = GatewayHarness.start(config(backend))) {
            await().atMost(WAIT).until(() -> gw.get("/readyz").statusCode() == 200);
            McpHttpSession client = McpHttpSession.open(gw);
            backend.holdCalls();
            String progressId;
            try (SseConnection post = SseConnection.open(gw, "POST", client.id, null, """
                    {"jsonrpc":"2.0","id":7,"method":"tools/call",
                     "params":{"name":"slow_work","arguments":{},"_meta":{"progressToken":"t1"}}}""".replace("\n", ""))) {
                assertEquals("text/event-stream", post.headers.get("content-type"));
                SseConnection.Event priming = post.nextMessage();
                assertEquals("", priming.data());
                SseConnection.Event progress = post.nextMessage();
                assertTrue(progress.data().contains("notifications/progress"), progress.toString());
                progressId = progress.id();
            }
            // the connection is gone before the result; the call goes on and its answer is kept
            backend.releaseCalls();
            await().atMost(WAIT).until(() -> backend.heldCalls() == 0);
            JsonNode answer = null;
            for (long end = System.currentTimeMillis() + WAIT.toMillis(); answer == null && System.currentTimeMillis() < end; ) {
                try (SseConnection resumed = SseConnection.get(gw, client.id, progressId)) {
                    assertEquals(200, resumed.status);
                    SseConnection.Event e = resumed.nextMessage();
                    if (e != null) {
                        answer = Json.MAPPER.readTree(e.data());
                        // the POST's stream is done: it ends after the replay
                        assertNull(resumed.nextMessage());
                    }
                }
            }
            assertNotNull(answer);
            assertEquals(7, answer.path("id").asInt());
            assertTrue(answer.path("result").path("content").path(0).path("text").asText().startsWith("slow/work"));
        }
    }
}
