package routes.mcp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last events of one SSE stream, as written, for a client that resumes with Last-Event-ID.
 * Bounded by count and bytes: the oldest events go first. Not thread-safe; its stream guards it.
 */
final class ReplayBuffer {

    private record Event(long seq, String frame) {
    }

    private final int maxEvents;
    private final long maxBytes;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private long bytes;

    ReplayBuffer(int maxEvents, long maxBytes) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    void add(long seq, String frame) {
        if (maxEvents <= 0 || frame.length() > maxBytes) {
            events.clear();
            bytes = 0;
            return;
        }
        events.addLast(new Event(seq, frame));
        bytes += frame.length();
        while (events.size() > maxEvents || bytes > maxBytes) {
            bytes -= events.removeFirst().frame().length();
        }
    }

    /** The frames of the events after {@code seq}, oldest first (those already dropped are lost). */
    List<String> after(long seq) {
        List<String> frames = new ArrayList<>();
        for (Event e : events) {
            if (e.seq() > seq) {
                frames.add(e.frame());
            }
        }
        return frames;
    }

    int size() {
        return events.size();
    }

    long bytes() {
        return bytes;
    }

    void clear() {
        events.clear();
        bytes = 0;
    }
}
