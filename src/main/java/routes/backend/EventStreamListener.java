package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Receives a standalone event stream from a backend as the decoder reads it, on the thread that
 * sent the request, until the stream ends. Used by the legacy HTTP+SSE transport and by a
 * streamable-HTTP session's standalone GET stream ({@link BackendEventStream}).
 */
public interface EventStreamListener {

    /**
     * The backend accepted the stream. {@code abort} ends it from any thread (the blocked read
     * then fails and the request returns); called once, before the first event.
     */
    void opened(Runnable abort);

    /** An {@code endpoint} event: where to POST messages, as the backend wrote it (often relative). */
    void endpoint(String uri);

    /** A {@code message} event: one JSON-RPC message. */
    void message(JsonNode message);

    /**
     * Where the stream stands, after each event and once more when it ends: the last event id
     * (null if none yet) and the reconnection time the backend asked for (-1 if none), so a
     * broken stream can be resumed with {@code Last-Event-ID}.
     */
    default void position(String lastEventId, long retryMillis) {
    }
}
