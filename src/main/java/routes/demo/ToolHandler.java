package routes.demo;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of a tool. Arguments arrive as the client sent them (an empty object when absent).
 * Throwing {@link IllegalArgumentException} turns into a tool error result (isError=true) with
 * the exception's message, which is what MCP asks for bad tool input.
 */
@FunctionalInterface
public interface ToolHandler {

    ToolResult call(JsonNode arguments, ToolCallContext context);
}
