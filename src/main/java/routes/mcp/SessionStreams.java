package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SSE streams of one client session, by id: its GET streams and the POST answers that turned
 * into streams. Streams stay here while connected and for the replay window after they lost their
 * connection or were done, so a client can resume them; at most
 * {@link StreamLimits#retainedPerSession()} are kept (the least recently used resumable ones go).
 */
public final class SessionStreams {

    private final StreamLimits limits;
    private final AtomicLong next = new AtomicLong();
    private final Map<String, ClientStream> streams = new ConcurrentHashMap<>();

    SessionStreams(StreamLimits limits) {
        this.limits = limits;
    }

    public StreamLimits limits() {
        return limits;
    }

    /** A new stream of this session: {@code standalone} for a GET stream, else a POST's answer. */
    public ClientStream open(boolean standalone) {
        String id = (standalone ? "g" : "p") + next.incrementAndGet();
        ClientStream s = new ClientStream(id, standalone, limits, System.currentTimeMillis());
        streams.put(id, s);
        trim();
        return s;
    }

    /** The stream an event id names (its id up to the last '-'), or null when unknown or expired. */
    public ClientStream streamOf(String eventId) {
        int dash = eventId.lastIndexOf('-');
        ClientStream s = dash <= 0 ? null : streams.get(eventId.substring(0, dash));
        return s != null && s.sequenceOf(eventId) >= 0 ? s : null;
    }

    /** GET streams with a connection now (the per-session cap counts these). */
    public int connectedGetStreams() {
        int n = 0;
        for (ClientStream s : streams.values()) {
            if (s.standalone() && s.isConnected()) {
                n++;
            }
        }
        return n;
    }

    public boolean anyConnected() {
        return streams.values().stream().anyMatch(ClientStream::isConnected);
    }

    /**
     * Sends a server notification on one GET stream (each message goes on exactly one stream): a
     * connected one, else the one that lost its connection last, to be replayed when the client
     * resumes it. False when the session has no GET stream.
     */
    public boolean notifyClient(JsonNode notification) {
        ClientStream target = null;
        for (ClientStream s : streams.values()) {
            if (s.standalone() && s.isOpen() && (target == null || better(s, target))) {
                target = s;
            }
        }
        return target != null && target.send(notification);
    }

    private static boolean better(ClientStream candidate, ClientStream current) {
        if (candidate.isConnected() != current.isConnected()) {
            return candidate.isConnected();
        }
        return candidate.lastUsedMillis() > current.lastUsedMillis();
    }

    /**
     * Timer step: keeps connections alive, closes GET stream connections older than the maximum
     * age (the client resumes them; a POST's answer ends with its result), and forgets streams
     * whose replay window has passed.
     */
    public void housekeeping(long now) {
        for (ClientStream s : streams.values()) {
            long since = s.connectedMillis();
            if (since > 0 && s.standalone() && now - since >= limits.maxAgeMillis()) {
                s.release(limits.retryMillis());
            } else if (since > 0) {
                s.heartbeat();
            } else if (now - s.lastUsedMillis() > limits.replayWindowMillis()) {
                forget(s);
            }
        }
    }

    public int size() {
        return streams.size();
    }

    void closeAll() {
        for (ClientStream s : streams.values()) {
            s.close();
        }
        streams.clear();
    }

    private void trim() {
        while (streams.size() > limits.retainedPerSession()) {
            ClientStream oldest = streams.values().stream().filter(s -> !s.isConnected())
                    .min(Comparator.comparingLong(ClientStream::lastUsedMillis)).orElse(null);
            if (oldest == null) {
                return;
            }
            forget(oldest);
        }
    }

    private void forget(ClientStream s) {
        if (streams.remove(s.id(), s)) {
            s.close();
        }
    }
}
