package routes.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;
import java.util.function.Supplier;

/** A concrete resource; its text is read on every resources/read so it may change over time. */
public record ResourceDefinition(String uri, String name, String description, String mimeType, Supplier<String> text) {

    public ResourceDefinition {
        Objects.requireNonNull(uri, "resource uri");
        Objects.requireNonNull(name, "name of resource " + uri);
        Objects.requireNonNull(text, "text of resource " + uri);
    }

    ObjectNode toJson() {
        ObjectNode resource = JsonNodeFactory.instance.objectNode();
        resource.put("uri", uri);
        resource.put("name", name);
        if (description != null) {
            resource.put("description", description);
        }
        if (mimeType != null) {
            resource.put("mimeType", mimeType);
        }
        return resource;
    }
}
