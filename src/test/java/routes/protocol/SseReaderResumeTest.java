package routes.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What a client resumes from: the id of the last complete event (an id in an event cut off
 * mid-way does not count, an id-only block does) and the stream's retry time.
 */
class SseReaderResumeTest {

    /** Reads the stream to its end. */
    private static SseReader readAll(String stream) throws IOException {
        SseReader reader = new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), 1 << 20);
        while (reader.next() != null) {
            // all of it
        }
        return reader;
    }

    @Test
    void aPrimingEventSetsTheIdAndRetry() throws IOException {
        SseReader r = readAll("id: s1-0\nretry: 3000\ndata: \n\n");
        assertEquals("s1-0", r.lastEventId());
        assertEquals(3000, r.retryMillis());
    }

    @Test
    void anIdOnlyBlockCountsAndLaterEventsWithoutAnIdKeepIt() throws IOException {
        assertEquals("a", readAll("id: a\n\n").lastEventId());
        assertEquals("a", readAll("id: a\ndata: x\n\ndata: y\n\n").lastEventId());
    }

    @Test
    void anIdInAnEventCutOffMidWayDoesNotCount() throws IOException {
        SseReader r = readAll("id: 1\ndata: {}\n\nid: 2\ndata: {\"half");
        assertEquals("1", r.lastEventId(), "event 2 never arrived whole: resume after 1");
    }

    @Test
    void noIdsNoRetry() throws IOException {
        SseReader r = readAll("data: {}\n\n: comment\n\n");
        assertNull(r.lastEventId());
        assertEquals(-1, r.retryMillis());
    }

    @Test
    void aRetryThatIsNotDigitsIsIgnored() throws IOException {
        assertEquals(-1, readAll("retry: soon\ndata: x\n\n").retryMillis());
        assertEquals(250, readAll("retry: 250\n\nretry: 1.5\n\n").retryMillis());
    }
}
