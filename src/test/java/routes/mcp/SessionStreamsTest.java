package routes.mcp;

import org.junit.jupiter.api.Test;
import routes.protocol.JsonRpc;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session's streams: ids unique in the session, resumable streams kept within a count and a
 * replay window, so the memory of many sessions stays bounded.
 */
class SessionStreamsTest {

    private static StreamLimits limits(long window, int retained) {
        return new StreamLimits(3_600_000, 4, 100, 262_144, window, retained, 1_000);
    }

    @Test
    void eventIdsNameTheirStreamAndAreUniqueInTheSession() {
        SessionStreams streams = new SessionStreams(limits(60_000, 16));
        ClientStream get = streams.open(true);
        ClientStream post = streams.open(false);
        assertFalse(get.id().equals(post.id()));
        // sent while no client is connected: kept for a resume
        assertTrue(get.send(JsonRpc.notification("notifications/message", null)));
        assertSame(get, streams.streamOf(get.id() + "-1"));
        assertSame(get, streams.streamOf(get.id() + "-0"), "the priming id, before any event");
        assertNull(streams.streamOf(get.id() + "-2"), "an id the stream never sent");
        assertNull(streams.streamOf(post.id() + "-1"));
        assertNull(streams.streamOf("g999-1"));
        assertNull(streams.streamOf("nonsense"));
    }

    @Test
    void notificationsGoToTheGetStreamNotToPostAnswers() {
        SessionStreams streams = new SessionStreams(limits(60_000, 16));
        assertFalse(streams.notifyClient(JsonRpc.notification("notifications/tools/list_changed", null)),
                "no GET stream: nowhere to send it");
        ClientStream post = streams.open(false);
        ClientStream get = streams.open(true);
        assertTrue(streams.notifyClient(JsonRpc.notification("notifications/tools/list_changed", null)));
        assertNotNull(streams.streamOf(get.id() + "-1"));
        assertNull(streams.streamOf(post.id() + "-1"));
    }

    @Test
    void aSessionKeepsAtMostItsRetainedStreams() {
        SessionStreams streams = new SessionStreams(limits(60_000, 3));
        List<ClientStream> opened = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ClientStream s = streams.open(false);
            s.send(JsonRpc.notification("notifications/progress", null));
            s.end();
            opened.add(s);
        }
        assertEquals(3, streams.size());
        // a forgotten stream can no longer be resumed, and keeps nothing
        assertNull(streams.streamOf(opened.get(0).id() + "-1"));
        assertNotNull(streams.streamOf(opened.get(9).id() + "-1"));
    }

    @Test
    void streamsWithoutAConnectionAreForgottenAfterTheReplayWindow() {
        SessionStreams streams = new SessionStreams(limits(1_000, 16));
        ClientStream s = streams.open(true);
        long now = System.currentTimeMillis();
        streams.housekeeping(now);
        assertEquals(1, streams.size(), "within its window");
        streams.housekeeping(now + 5_000);
        assertEquals(0, streams.size());
        assertFalse(s.send(JsonRpc.notification("notifications/message", null)), "a forgotten stream takes no events");
    }

    @Test
    void theSessionsEndClosesEveryStream() {
        SessionStreams streams = new SessionStreams(limits(60_000, 16));
        ClientStream s = streams.open(true);
        streams.closeAll();
        assertEquals(0, streams.size());
        assertFalse(s.isOpen());
        assertFalse(s.send(JsonRpc.notification("notifications/message", null)));
    }
}
