package routes.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request headers MCP 2026-07-28 mirrors from the body, as a client writes them: Mcp-Name and
 * the Mcp-Param-{Name} of a tool's {@code x-mcp-header} arguments, with values that cannot travel
 * as a plain header value in the {@code =?base64?...?=} sentinel.
 */
public final class McpHeaders {

    private static final String SENTINEL_START = "=?base64?";
    private static final String SENTINEL_END = "?=";

    private McpHeaders() {
    }

    /** The body field Mcp-Name mirrors for this method, or null when the method has none. */
    public static String nameField(String method) {
        return switch (method) {
            case "tools/call", "prompts/get" -> "name";
            case "resources/read" -> "uri";
            default -> null;
        };
    }

    /** A header value for this text: as it is when it is plain visible ASCII, else Base64 in the sentinel. */
    public static String encode(String value) {
        boolean plain = !value.isEmpty() && value.strip().equals(value)
                && !(value.startsWith(SENTINEL_START) && value.endsWith(SENTINEL_END));
        for (int i = 0; plain && i < value.length(); i++) {
            char c = value.charAt(i);
            plain = c >= 0x20 && c <= 0x7E;
        }
        return plain ? value
                : SENTINEL_START + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + SENTINEL_END;
    }

    /**
     * The Mcp-Param-{Name} headers for a tools/call: one per {@code x-mcp-header} property of the
     * schema (reached through {@code properties} keys only) whose argument has a primitive value.
     */
    public static Map<String, String> params(JsonNode inputSchema, JsonNode arguments) {
        Map<String, String> out = new LinkedHashMap<>();
        collect(inputSchema, arguments, new ArrayList<>(), out);
        return out;
    }

    private static void collect(JsonNode schema, JsonNode args, List<String> path, Map<String, String> out) {
        JsonNode props = schema == null ? null : schema.get("properties");
        if (props == null || !props.isObject() || args == null || !args.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            JsonNode value = args.get(p.getKey());
            JsonNode mark = p.getValue().get("x-mcp-header");
            if (mark != null && mark.isTextual() && value != null && (value.isTextual() || value.isBoolean()
                    || value.isIntegralNumber())) {
                out.put("Mcp-Param-" + mark.asText(), encode(value.asText()));
            }
            collect(p.getValue(), value, path, out);
        }
    }
}
