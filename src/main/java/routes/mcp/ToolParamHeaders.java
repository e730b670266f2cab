package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import routes.protocol.McpHeaders;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code Mcp-Param-{Name}} headers of a 2026-07-28 tools/call, checked against its arguments:
 * a tool's input schema may mark parameters with {@code x-mcp-header}, and a client then mirrors
 * their values into headers that intermediaries route on. A header that is missing while the
 * argument has a value, that is not valid (bad characters, broken Base64) or that differs from the
 * argument is a HeaderMismatch. Only properties reachable through {@code properties} keys count,
 * as the spec defines them.
 */
final class ToolParamHeaders {

    private record Annotated(String header, List<String> path) {
    }

    private ToolParamHeaders() {
    }

    /**
     * Why the headers do not match the arguments, or null when they do.
     *
     * @param header reads a request header by name (case-insensitively), null when absent
     */
    static String problem(JsonNode inputSchema, JsonNode arguments, UnaryOperator<String> header) {
        List<Annotated> annotated = new ArrayList<>();
        collect(inputSchema, new ArrayList<>(), annotated);
        for (Annotated a : annotated) {
            JsonNode value = at(arguments, a.path());
            String name = "Mcp-Param-" + a.header();
            String raw = header.apply(name);
            if (value == null || value.isNull()) {
                continue; // no value: the client omits the header, and we expect none
            }
            if (raw == null) {
                return "the " + name + " header is required (arguments." + String.join(".", a.path()) + " has a value)";
            }
            String decoded = McpHeaders.decode(raw);
            if (decoded == null) {
                return "the " + name + " header has characters a header value cannot carry, or broken Base64";
            }
            if (!same(value, decoded)) {
                return name + " header value '" + raw + "' does not match arguments." + String.join(".", a.path());
            }
        }
        return null;
    }

    private static void collect(JsonNode schema, List<String> path, List<Annotated> out) {
        JsonNode props = schema == null ? null : schema.get("properties");
        if (props == null || !props.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            List<String> here = new ArrayList<>(path);
            here.add(p.getKey());
            JsonNode mark = p.getValue().get("x-mcp-header");
            if (mark != null && mark.isTextual()) {
                out.add(new Annotated(mark.asText(), here));
            }
            collect(p.getValue(), here, out);
        }
    }

    private static JsonNode at(JsonNode arguments, List<String> path) {
        JsonNode n = arguments;
        for (String key : path) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(key);
        }
        return n;
    }

    private static boolean same(JsonNode value, String header) {
        if (value.isTextual()) {
            return value.asText().equals(header);
        }
        if (value.isBoolean()) {
            return Boolean.toString(value.asBoolean()).equals(header);
        }
        if (value.isNumber()) {
            try {
                return value.decimalValue().compareTo(new BigDecimal(header.trim())) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true; // objects and arrays are never mirrored; nothing to compare
    }
}
