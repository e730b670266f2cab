package routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, strict access to a parsed config tree that records problems instead of throwing, so the
 * loader can report every mistake of a file at once. Every problem is prefixed with a path such as
 * {@code backends[1] (name=weather).transport}; a value that cannot be read comes back as null and
 * the caller carries on.
 *
 * <p>Null YAML values ({@code key: ~} or {@code key:}) count as absent, as in ToolHive's loader.
 */
final class ConfigReader {

    private final List<String> problems = new ArrayList<>();
    private final Map<String, InertKey> inert = new LinkedHashMap<>();

    List<String> problems() {
        return problems;
    }

    /** Accepted keys that have no effect, in the order first met, each once. */
    List<InertKey> inertKeys() {
        return List.copyOf(inert.values());
    }

    /** Records that {@code path} (list indexes written as {@code []}) is accepted with no effect. */
    void inert(String path, ToolHiveKeys.Key key) {
        String generic = path.replaceAll("\\[[0-9]+\\]( \\([^)]*\\))?", "[]");
        inert.putIfAbsent(generic, new InertKey(generic, key.detail()));
    }

    /** Reports a key ToolHive has and Caravan refuses, with the registry's message. */
    void refuse(String path, ToolHiveKeys.Key key) {
        report(path, key.detail());
    }

    void report(String path, String message) {
        problems.add(path + ": " + message);
    }

    static String at(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** The path of a list item, labelled with its key when it has one: {@code backends[1] (name=weather)}. */
    static String item(String listPath, int index, String keyField, JsonNode item) {
        String base = listPath + "[" + index + "]";
        JsonNode key = item != null && item.isObject() ? item.get(keyField) : null;
        return key != null && key.isTextual() ? base + " (" + keyField + "=" + key.textValue() + ")" : base;
    }

    /** Reports every field of {@code node} that is not in {@code allowed}. */
    void allowOnly(ObjectNode node, String path, List<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                report(at(path, name), "unknown field; allowed here: " + String.join(", ", allowed));
            }
        }
    }

    private JsonNode present(ObjectNode parent, String path, String field, boolean required) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            if (required) {
                report(at(path, field), "is required");
            }
            return null;
        }
        return value;
    }

    private void wrongType(String path, String field, String expected, JsonNode actual) {
        String hint = expected.equals("a string") && actual.isValueNode() ? " (quote it: \"" + actual.asText() + "\")" : "";
        report(at(path, field), "must be " + expected + ", not " + describe(actual) + hint);
    }

    /** Null, an empty string, an empty list or an empty map: a value that sets nothing. */
    static boolean isEmptyValue(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() || (v.isTextual() && v.textValue().isEmpty())
                || (v.isContainerNode() && v.isEmpty());
    }

    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "true/false";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a map";
        }
        return node.getNodeType().name().toLowerCase();
    }

    ObjectNode object(ObjectNode parent, String path, String field, boolean required) {
        JsonNode v = present(parent, path, field, required);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            wrongType(path, field, "a map", v);
            return null;
        }
        return (ObjectNode) v;
    }

    ArrayNode array(ObjectNode parent, String path, String field, boolean required) {
        JsonNode v = present(parent, path, field, required);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            wrongType(path, field, "a list", v);
            return null;
        }
        return (ArrayNode) v;
    }

    String text(ObjectNode parent, String path, String field, boolean required) {
        JsonNode v = present(parent, path, field, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            wrongType(path, field, "a string", v);
            return null;
        }
        if (required && v.textValue().isBlank()) {
            report(at(path, field), "must not be empty");
            return null;
        }
        return v.textValue();
    }

    Boolean bool(ObjectNode parent, String path, String field) {
        JsonNode v = present(parent, path, field, false);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            wrongType(path, field, "true or false", v);
            return null;
        }
        return v.booleanValue();
    }

    /** An integer of at least {@code min}, or null if absent or wrong. */
    Integer integer(ObjectNode parent, String path, String field, int min) {
        JsonNode v = present(parent, path, field, false);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            wrongType(path, field, "a whole number", v);
            return null;
        }
        if (v.intValue() < min) {
            report(at(path, field), "must be at least " + min + ", not " + v.intValue());
            return null;
        }
        return v.intValue();
    }

    /**
     * A duration where ToolHive's loader fills a zero with the default: null (the caller's default)
     * when absent, zero or wrong.
     */
    Duration durationOrDefault(ObjectNode parent, String path, String field) {
        JsonNode v = present(parent, path, field, false);
        if (v != null && v.isTextual()) {
            try {
                if (Durations.parse(v.textValue()).isZero()) {
                    return null;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        return duration(parent, path, field);
    }

    /** A positive duration in ToolHive's syntax ("30s"), or null if absent or wrong. */
    Duration duration(ObjectNode parent, String path, String field) {
        JsonNode v = present(parent, path, field, false);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            wrongType(path, field, Durations.SYNTAX, v);
            return null;
        }
        return parseDuration(at(path, field), v.textValue());
    }

    Duration parseDuration(String path, String text) {
        try {
            Duration d = Durations.parse(text);
            if (d.isZero()) {
                report(path, "must be longer than 0s");
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            report(path, e.getMessage());
            return null;
        }
    }

    /** A map of strings to strings, in file order; non-string values are reported. */
    Map<String, String> textMap(ObjectNode parent, String path, String field) {
        ObjectNode obj = object(parent, path, field, false);
        Map<String, String> out = new LinkedHashMap<>();
        if (obj == null) {
            return out;
        }
        String mapPath = at(path, field);
        obj.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                out.put(e.getKey(), e.getValue().textValue());
            } else {
                wrongType(mapPath, e.getKey(), "a string", e.getValue());
            }
        });
        return out;
    }

    /** A list of non-empty strings, in file order; other items are reported. */
    List<String> textList(ObjectNode parent, String path, String field) {
        ArrayNode arr = array(parent, path, field, false);
        List<String> out = new ArrayList<>();
        if (arr == null) {
            return out;
        }
        for (int i = 0; i < arr.size(); i++) {
            JsonNode v = arr.get(i);
            String itemPath = at(path, field) + "[" + i + "]";
            if (!v.isTextual()) {
                report(itemPath, "must be a string, not " + describe(v));
            } else if (v.textValue().isBlank()) {
                report(itemPath, "must not be empty");
            } else {
                out.add(v.textValue());
            }
        }
        return out;
    }
}
