package routes.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** tools/call, resources/read, prompts/get and completion/complete against one definition. */
final class McpFeatures {

    /** The spec caps one completion answer at 100 values. */
    private static final int MAX_COMPLETIONS = 100;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final McpServerDefinition definition;

    McpFeatures(McpServerDefinition definition) {
        this.definition = definition;
    }

    JsonNode callTool(JsonNode params, ToolCallContext context) {
        String name = requiredText(params, "name");
        ToolDefinition tool = definition.tool(name)
                .orElseThrow(() -> new McpError(McpError.INVALID_PARAMS, "Unknown tool: " + name));
        JsonNode arguments = params.get("arguments");
        if (arguments == null || arguments.isNull()) {
            arguments = NODES.objectNode();
        } else if (!arguments.isObject()) {
            throw new McpError(McpError.INVALID_PARAMS, "tools/call arguments must be an object");
        }
        ToolResult result;
        try {
            result = tool.handler().call(arguments, context);
        } catch (IllegalArgumentException e) {
            // Bad input is a tool execution error: the model sees it and can correct itself.
            result = ToolResult.error(e.getMessage());
        } catch (RuntimeException e) {
            result = ToolResult.error("tool " + name + " failed: " + e.getMessage());
        }
        return result.toJson();
    }

    JsonNode readResource(JsonNode params) {
        String uri = requiredText(params, "uri");
        String text = null;
        String mimeType = null;
        Optional<ResourceDefinition> direct = definition.resource(uri);
        if (direct.isPresent()) {
            text = direct.get().text().get();
            mimeType = direct.get().mimeType();
        } else {
            for (ResourceTemplateDefinition template : definition.resourceTemplates()) {
                Optional<Map<String, String>> values = template.match(uri);
                if (values.isPresent()) {
                    text = template.reader().apply(values.get());
                    mimeType = template.mimeType();
                    break;
                }
            }
        }
        if (text == null) {
            throw new McpError(McpError.RESOURCE_NOT_FOUND, "Resource not found",
                    NODES.objectNode().put("uri", uri));
        }
        ObjectNode result = NODES.objectNode();
        ObjectNode contents = result.putArray("contents").addObject().put("uri", uri);
        if (mimeType != null) {
            contents.put("mimeType", mimeType);
        }
        contents.put("text", text);
        return result;
    }

    JsonNode getPrompt(JsonNode params) {
        String name = requiredText(params, "name");
        PromptDefinition prompt = definition.prompt(name)
                .orElseThrow(() -> new McpError(McpError.INVALID_PARAMS, "Unknown prompt: " + name));
        Map<String, String> values = new LinkedHashMap<>();
        params.path("arguments").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        for (PromptDefinition.Argument argument : prompt.arguments()) {
            if (argument.required() && !values.containsKey(argument.name())) {
                throw new McpError(McpError.INVALID_PARAMS,
                        "prompt " + name + " needs argument '" + argument.name() + "'");
            }
            // An omitted optional argument renders as nothing rather than as a raw {placeholder}.
            values.putIfAbsent(argument.name(), "");
        }
        ObjectNode result = NODES.objectNode();
        if (prompt.description() != null) {
            result.put("description", prompt.description());
        }
        var messages = result.putArray("messages");
        for (PromptDefinition.Message message : prompt.messages()) {
            String text = message.render(values);
            if (text != null) {
                ObjectNode out = messages.addObject().put("role", message.role());
                out.putObject("content").put("type", "text").put("text", text);
            }
        }
        return result;
    }

    JsonNode complete(JsonNode params) {
        JsonNode ref = params.path("ref");
        String argument = params.path("argument").path("name").asText();
        String prefix = params.path("argument").path("value").asText("");
        List<String> candidates = switch (ref.path("type").asText()) {
            case "ref/prompt" -> definition.prompt(ref.path("name").asText())
                    .orElseThrow(() -> new McpError(McpError.INVALID_PARAMS, "Unknown prompt: " + ref.path("name").asText()))
                    .arguments().stream().filter(a -> a.name().equals(argument))
                    .findFirst().map(PromptDefinition.Argument::completions).orElse(List.of());
            case "ref/resource" -> definition.resourceTemplates().stream()
                    .filter(t -> t.uriTemplate().equals(ref.path("uri").asText()))
                    .findFirst()
                    .orElseThrow(() -> new McpError(McpError.INVALID_PARAMS, "Unknown resource template: " + ref.path("uri").asText()))
                    .completions().getOrDefault(argument, List.of());
            default -> throw new McpError(McpError.INVALID_PARAMS, "completion ref.type must be ref/prompt or ref/resource");
        };
        List<String> matching = candidates.stream().filter(c -> c.startsWith(prefix)).toList();
        ObjectNode result = NODES.objectNode();
        ObjectNode completion = result.putObject("completion");
        var values = completion.putArray("values");
        matching.stream().limit(MAX_COMPLETIONS).forEach(values::add);
        completion.put("total", matching.size());
        completion.put("hasMore", matching.size() > MAX_COMPLETIONS);
        return result;
    }

    private static String requiredText(JsonNode params, String field) {
        JsonNode value = params.get(field);
        if (value == null || !value.isTextual()) {
            throw new McpError(McpError.INVALID_PARAMS, "params." + field + " is required");
        }
        return value.asText();
    }
}
