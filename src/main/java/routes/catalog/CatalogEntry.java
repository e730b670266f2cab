package routes.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One capability in the catalog: how clients see it and where calls to it go.
 *
 * @param advertisedName the tool or prompt name clients see, or the URI / URI template of a resource
 * @param backend        the backend that serves it
 * @param originalName   the name (or URI) the backend itself uses: what a call must send it
 * @param definition     the JSON object to advertise, with the advertised name and any overrides
 *                       applied. It may be the backend's own node or share parts with it; it is
 *                       read-only: never modify it
 */
public record CatalogEntry(String advertisedName, String backend, String originalName, ObjectNode definition) {

    public CatalogEntry {
        Objects.requireNonNull(advertisedName, "advertisedName");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(originalName, "originalName");
        Objects.requireNonNull(definition, "definition");
    }
}
