package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What came back from one HTTP exchange with a backend, decoded: the status, the session and
 * retry headers, and the JSON-RPC response that answered the request (null for 202 or a stream).
 * An SSE answer that ended before the response, after the backend had given its events ids, is
 * not an error yet: {@code resume} says where to pick it up (MCP 2025-11-25 lets a server close
 * the stream early; the client resumes it with GET and {@code Last-Event-ID}).
 */
public record BackendReply(int status, String sessionId, String retryAfter, JsonNode message, Resume resume) {

    /**
     * Where an SSE answer that ended early can be resumed.
     *
     * @param lastEventId the id of the last complete event
     * @param retryMillis the reconnection time the backend asked for, or -1
     */
    public record Resume(String lastEventId, long retryMillis) {
    }

    public BackendReply(int status, String sessionId, String retryAfter, JsonNode message) {
        this(status, sessionId, retryAfter, message, null);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
