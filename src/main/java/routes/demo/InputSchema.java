package routes.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the small JSON Schemas that tool inputs need ({@code type: object} with typed
 * properties), so tool definitions read as a list of arguments rather than as JSON plumbing.
 */
public final class InputSchema {

    private final ObjectNode schema = JsonNodeFactory.instance.objectNode();
    private final ObjectNode properties;

    private InputSchema() {
        schema.put("type", "object");
        properties = schema.putObject("properties");
    }

    public static InputSchema object() {
        return new InputSchema();
    }

    /** A tool without arguments still needs an object schema. */
    public static ObjectNode empty() {
        return object().build();
    }

    public InputSchema string(String name, String description, boolean required) {
        return property(name, "string", description, required);
    }

    public InputSchema integer(String name, String description, boolean required) {
        return property(name, "integer", description, required);
    }

    private InputSchema property(String name, String type, String description, boolean required) {
        properties.putObject(name).put("type", type).put("description", description);
        if (required) {
            if (!schema.has("required")) {
                schema.putArray("required");
            }
            schema.withArray("required").add(name);
        }
        return this;
    }

    public ObjectNode build() {
        return schema.deepCopy();
    }
}
