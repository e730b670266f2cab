package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What came back from one HTTP exchange with a backend, decoded: the status, the session and
 * retry headers, and the JSON-RPC response that answered the request (null for 202 or a stream).
 */
public record BackendReply(int status, String sessionId, String retryAfter, JsonNode message) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
