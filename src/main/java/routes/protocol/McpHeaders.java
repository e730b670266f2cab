package routes.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The request headers MCP 2026-07-28 mirrors from the body, as a client writes them and a server
 * reads them: Mcp-Name and the Mcp-Param-{Name} of a tool's {@code x-mcp-header} arguments, with
 * values that cannot travel as a plain header value in the {@code =?base64?...?=} sentinel.
 */
public final class McpHeaders {

    private static final String SENTINEL_START = "=?base64?";
    private static final String SENTINEL_END = "?=";
    private static final Pattern BASE64 = Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");
    /** Field-value characters (RFC 9110): visible ASCII, space and tab. */
    private static final Pattern FIELD_VALUE = Pattern.compile("[\\x20-\\x7E\\t]*");

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

    /**
     * A header value with the Base64 sentinel decoded; a value without the whole sentinel is
     * literal. Null when the value has characters a header value cannot carry, or the sentinel
     * holds anything but canonical, padded Base64.
     */
    public static String decode(String value) {
        if (!FIELD_VALUE.matcher(value).matches()) {
            return null;
        }
        if (value.length() < SENTINEL_START.length() + SENTINEL_END.length()
                || !value.startsWith(SENTINEL_START) || !value.endsWith(SENTINEL_END)) {
            return value;
        }
        String b64 = value.substring(SENTINEL_START.length(), value.length() - SENTINEL_END.length());
        if (!BASE64.matcher(b64).matches()) {
            return null;
        }
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
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
        collect(inputSchema, arguments, out);
        return out;
    }

    private static void collect(JsonNode schema, JsonNode args, Map<String, String> out) {
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
            collect(p.getValue(), value, out);
        }
    }
}
