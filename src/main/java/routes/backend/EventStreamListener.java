package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Receives a standalone event stream from a backend as the decoder reads it, on the thread that
 * sent the request, until the stream ends. Used by the legacy HTTP+SSE transport.
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
}
