package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The requests waiting for their responses on one legacy SSE stream, by JSON-RPC id, and where
 * the stream's notifications go. Many callers share the stream, so a caller's progress token is
 * replaced by the request's own id on the way out and restored on the way back: two clients that
 * both chose token "1" still get only their own progress.
 */
final class PendingCalls {

    private static final Logger LOG = LoggerFactory.getLogger(PendingCalls.class);

    /**
     * @param answer        completed with the response, or exceptionally when the stream ends
     * @param sink          receives this request's notifications, or null
     * @param progressToken the caller's own progress token, or null
     * @param sentParams    the params as sent (with our token in place of the caller's)
     */
    record Call(CompletableFuture<JsonNode> answer, Consumer<JsonNode> sink, JsonNode progressToken, JsonNode sentParams) {
    }

    private final BackendSpec spec;
    private final BackendListener listener;
    private final String sessionOwner;
    private final Map<Long, Call> calls = new ConcurrentHashMap<>();

    PendingCalls(BackendSpec spec, BackendListener listener, String owner) {
        this.spec = spec;
        this.listener = listener;
        this.sessionOwner = owner;
    }

    Call add(long id, JsonNode params, Consumer<JsonNode> sink) {
        JsonNode token = params != null && params.isObject() ? params.path("_meta").get("progressToken") : null;
        JsonNode sent = params;
        if (token != null) {
            ObjectNode copy = params.deepCopy();
            ((ObjectNode) copy.get("_meta")).set("progressToken", McpClientMessages.id(id));
            sent = copy;
        }
        Call call = new Call(new CompletableFuture<>(), sink, token, sent);
        calls.put(id, call);
        return call;
    }

    void remove(long id) {
        calls.remove(id);
    }

    /** Completes the call a response answers; responses to no waiting call (pings) are dropped. */
    void answer(JsonNode response) {
        JsonNode id = response.get("id");
        Call call = id.isIntegralNumber() ? calls.remove(id.asLong()) : null;
        if (call != null) {
            call.answer().complete(response);
        }
    }

    /**
     * A notification goes to the caller it is about: progress by our token; anything else to the
     * only request in flight, if there is exactly one. The rest, and every list_changed, goes to
     * the session's listener.
     */
    void notification(JsonNode message) {
        String method = message.path("method").asText("");
        Call owner = null;
        JsonNode delivered = message;
        if ("notifications/progress".equals(method)) {
            JsonNode token = message.path("params").get("progressToken");
            owner = token != null && token.isIntegralNumber() ? calls.get(token.asLong()) : null;
            if (owner != null && owner.progressToken() != null) {
                ObjectNode copy = message.deepCopy();
                ((ObjectNode) copy.get("params")).set("progressToken", owner.progressToken());
                delivered = copy;
            } else {
                owner = null;
            }
        } else if (!method.endsWith("/list_changed") && calls.size() == 1) {
            owner = calls.values().stream().findFirst().orElse(null);
        }
        try {
            if (owner != null && owner.sink() != null) {
                owner.sink().accept(delivered);
            } else {
                // notifications need no answer
                listener.message(sessionOwner, spec, message, answer -> { });
            }
        } catch (RuntimeException e) {
            // a client that went away must not end the stream for everyone else
            LOG.debug("Notification {} from backend '{}' not delivered: {}", method, spec.name(), e.toString());
        }
    }

    /** Fails every waiting call: the stream that would have carried their responses is gone. */
    void failAll(BackendException why) {
        for (Long id : calls.keySet()) {
            Call call = calls.remove(id);
            if (call != null) {
                call.answer().completeExceptionally(why);
            }
        }
    }
}
