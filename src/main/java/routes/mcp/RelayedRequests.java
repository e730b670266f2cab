package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.BackendSpec;
import routes.protocol.Json;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The requests backends sent to one client through the gateway (sampling, elicitation, roots)
 * that wait for the client's answer, by the id the client saw. The gateway gives each its own id,
 * so two backends that both chose id 1 never meet, and a client never learns a backend's ids.
 * Bounded: a client that never answers cannot make the gateway hold requests without end.
 */
final class RelayedRequests {

    static final int MAX_PENDING = 64;

    /**
     * @param backend   who asked
     * @param backendId the id the backend gave its request
     * @param toBackend posts the answer (with the backend's id) in the backend session that asked
     */
    record Pending(BackendSpec backend, JsonNode backendId, Consumer<ObjectNode> toBackend) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** The id to show the client for this request, or null when too many wait already. */
    JsonNode add(Pending p) {
        if (pending.size() >= MAX_PENDING) {
            return null;
        }
        String id = "caravan-" + ids.incrementAndGet();
        pending.put(id, p);
        return Json.MAPPER.getNodeFactory().textNode(id);
    }

    /** The request a client's answer belongs to (removed: it is answered once), or null. */
    Pending take(JsonNode clientId) {
        return clientId != null && clientId.isTextual() ? pending.remove(clientId.asText()) : null;
    }

    int size() {
        return pending.size();
    }

    /** The session ended: nobody will answer what still waits. */
    void clear() {
        pending.clear();
    }
}
