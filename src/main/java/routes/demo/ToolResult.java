package routes.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What a tool handler returns: the {@code content} blocks of an MCP CallToolResult, whether the
 * call failed as a tool (not as a protocol error), and optional {@code structuredContent}.
 */
public record ToolResult(List<JsonNode> content, boolean isError, JsonNode structuredContent) {

    public ToolResult {
        content = List.copyOf(content);
    }

    /** A successful result with one text block. */
    public static ToolResult text(String text) {
        return new ToolResult(List.of(textBlock(text)), false, null);
    }

    /** A successful result with one text block and the same data as structured content. */
    public static ToolResult structured(String text, JsonNode structuredContent) {
        return new ToolResult(List.of(textBlock(text)), false, structuredContent);
    }

    /** A tool execution error: the model sees the message and may retry with other arguments. */
    public static ToolResult error(String message) {
        return new ToolResult(List.of(textBlock(message)), true, null);
    }

    static ObjectNode textBlock(String text) {
        ObjectNode block = JsonNodeFactory.instance.objectNode();
        block.put("type", "text");
        block.put("text", text);
        return block;
    }

    ObjectNode toJson() {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.putArray("content").addAll(content);
        if (structuredContent != null) {
            result.set("structuredContent", structuredContent);
        }
        result.put("isError", isError);
        return result;
    }
}
