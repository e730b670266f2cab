package routes.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Answers the JSON-RPC methods of an MCP server from its {@link McpServerDefinition}: lifecycle,
 * lists (with cursor pagination) and logging here; calls and reads in {@link McpFeatures}.
 * Transport concerns (sessions, HTTP, SSE) stay in {@link McpHttpTransport}.
 */
final class McpMethods {

    /** Newest first: the answer to a client asking for a version we do not speak. */
    static final List<String> SUPPORTED_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final McpServerDefinition definition;
    private final McpFeatures features;

    McpMethods(McpServerDefinition definition) {
        this.definition = definition;
        this.features = new McpFeatures(definition);
    }

    /** The version to run: the client's own when we support it, else our newest (the client decides). */
    static String negotiate(JsonNode initializeParams) {
        JsonNode requested = initializeParams.get("protocolVersion");
        if (requested == null || !requested.isTextual()) {
            throw new McpError(McpError.INVALID_PARAMS, "initialize needs params.protocolVersion");
        }
        return SUPPORTED_VERSIONS.contains(requested.asText()) ? requested.asText() : SUPPORTED_VERSIONS.get(0);
    }

    ObjectNode initializeResult(String protocolVersion) {
        ObjectNode result = NODES.objectNode().put("protocolVersion", protocolVersion);
        ObjectNode capabilities = result.putObject("capabilities");
        capabilities.putObject("tools").put("listChanged", false);
        capabilities.putObject("resources").put("subscribe", false).put("listChanged", false);
        capabilities.putObject("prompts").put("listChanged", false);
        capabilities.putObject("logging");
        capabilities.putObject("completions");
        result.putObject("serverInfo").put("name", definition.name()).put("version", definition.version());
        if (definition.instructions() != null) {
            result.put("instructions", definition.instructions());
        }
        return result;
    }

    /** Answers one request of an initialized session; throws {@link McpError} for JSON-RPC errors. */
    JsonNode call(String method, JsonNode params, McpSessions.McpSession session, ToolCallContext context) {
        return switch (method) {
            case "ping" -> NODES.objectNode();
            case "tools/list" -> page(params, "tools", definition.tools(), ToolDefinition::toJson);
            case "resources/list" -> page(params, "resources", definition.resources(), ResourceDefinition::toJson);
            case "resources/templates/list" -> page(params, "resourceTemplates", definition.resourceTemplates(),
                    ResourceTemplateDefinition::toJson);
            case "prompts/list" -> page(params, "prompts", definition.prompts(), PromptDefinition::toJson);
            case "tools/call" -> features.callTool(params, context);
            case "resources/read" -> features.readResource(params);
            case "prompts/get" -> features.getPrompt(params);
            case "completion/complete" -> features.complete(params);
            case "logging/setLevel" -> setLevel(params, session);
            case "initialize" -> throw new McpError(McpError.INVALID_REQUEST, "session is already initialized");
            default -> throw new McpError(McpError.METHOD_NOT_FOUND, "Method not found: " + method);
        };
    }

    private JsonNode setLevel(JsonNode params, McpSessions.McpSession session) {
        String level = params.path("level").asText();
        session.logLevel(LogLevel.parse(level).orElseThrow(
                () -> new McpError(McpError.INVALID_PARAMS, "unknown log level '" + level + "'")));
        return NODES.objectNode();
    }

    /**
     * One page of a list. The cursor is opaque to clients; inside it is the offset of the page,
     * so a stale or forged cursor is detected and answered with invalid params.
     */
    private <T> ObjectNode page(JsonNode params, String field, List<T> items, Function<T, ObjectNode> toJson) {
        int offset = decodeCursor(params.get("cursor"), items.size());
        int size = definition.pageSize() == 0 ? items.size() : definition.pageSize();
        int end = Math.min(items.size(), offset + size);
        ObjectNode result = NODES.objectNode();
        var array = result.putArray(field);
        items.subList(offset, end).forEach(item -> array.add(toJson.apply(item)));
        if (end < items.size()) {
            result.put("nextCursor", encodeCursor(end));
        }
        return result;
    }

    private static String encodeCursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("offset:" + offset).getBytes(StandardCharsets.US_ASCII));
    }

    private static int decodeCursor(JsonNode cursor, int itemCount) {
        if (cursor == null || cursor.isNull()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor.asText()), StandardCharsets.US_ASCII);
            if (cursor instanceof TextNode && decoded.startsWith("offset:")) {
                int offset = Integer.parseInt(decoded.substring("offset:".length()));
                if (offset > 0 && offset < itemCount) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below: the cursor is not one of ours
        }
        throw new McpError(McpError.INVALID_PARAMS, "invalid cursor");
    }
}
