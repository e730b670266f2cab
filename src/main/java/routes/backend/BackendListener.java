package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.BackendSpec;

import java.util.function.Consumer;

/**
 * Receives what a backend sends outside any request the gateway is waiting on: notifications and
 * requests on a streamable-HTTP session's GET stream ({@link BackendEventStream}), and on a legacy
 * SSE stream those that belong to no request in flight (list_changed above all). Called on the
 * stream's reader thread, so it must return quickly.
 */
@FunctionalInterface
public interface BackendListener {

    BackendListener NONE = (owner, backend, message, reply) -> false;

    /**
     * @param owner   whose backend session it came on: a client session's id, or {@link BackendClient#GATEWAY}
     * @param message a notification, or a request (it has an id and a method)
     * @param reply   posts an answer to a request in the backend session it came on (best effort)
     * @return whether the listener took the message; for a request, that it will see it answered.
     *         A request not taken is answered -32601 (method not found) by the session, so the
     *         backend never waits for an answer that cannot come.
     */
    boolean message(String owner, BackendSpec backend, JsonNode message, Consumer<ObjectNode> reply);
}
