package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import routes.kernel.BackendSpec;

/**
 * Receives what a backend sends outside any request the gateway is waiting on: notifications on
 * a legacy SSE stream that belong to no request in flight (list_changed above all). Called on
 * the stream's reader thread, so it must return quickly.
 */
@FunctionalInterface
public interface BackendListener {

    BackendListener NONE = (backend, message) -> { };

    void notification(BackendSpec backend, JsonNode message);
}
