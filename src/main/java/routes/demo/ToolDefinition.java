package routes.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/** One tool as advertised in tools/list, with the handler that answers tools/call. */
public record ToolDefinition(String name, String description, ObjectNode inputSchema, ToolHandler handler) {

    public ToolDefinition {
        Objects.requireNonNull(name, "tool name");
        Objects.requireNonNull(inputSchema, "inputSchema of tool " + name);
        Objects.requireNonNull(handler, "handler of tool " + name);
    }

    ObjectNode toJson() {
        ObjectNode tool = inputSchema.objectNode();
        tool.put("name", name);
        if (description != null) {
            tool.put("description", description);
        }
        tool.set("inputSchema", inputSchema);
        return tool;
    }

    /** Convenience for handlers: the string argument, or an error the model can act on. */
    public static String requireText(JsonNode arguments, String field) {
        JsonNode value = arguments.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("argument '" + field + "' is required and must be a non-empty string");
        }
        return value.asText();
    }
}
