package routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * ToolHive's top-level sections for features Caravan does not have yet: each is refused with one
 * message (see {@link ToolHiveKeys} for why refuse rather than ignore), or accepted as inert when
 * what it says is "nothing" (an empty list, code mode off) or when vMCP itself does not read it
 * ({@code compositeToolRefs}). {@code sessionStorage} with the memory provider is what Caravan
 * does, so it is accepted.
 */
final class DeferredSections {

    /** Top-level keys handled here. */
    static final List<String> KEYS = List.of("compositeTools", "compositeToolRefs", "optimizer", "codeMode",
            "sessionStorage");

    private static final List<String> CODE_MODE_FIELDS =
            List.of("enabled", "stepLimit", "parallelMaxConcurrency", "toolCallTimeout");
    private static final List<String> SESSION_STORAGE_FIELDS = List.of("provider", "address", "db", "keyPrefix");

    private final ConfigReader reader;

    DeferredSections(ConfigReader reader) {
        this.reader = reader;
    }

    /** Checks the sections. */
    void read(ObjectNode root) {
        emptyOrRefused(reader.array(root, "", "compositeTools", false), "compositeTools",
                ToolHiveKeys.COMPOSITE_TOOLS_EMPTY, ToolHiveKeys.COMPOSITE_TOOLS);
        if (reader.array(root, "", "compositeToolRefs", false) != null) {
            reader.inert("compositeToolRefs", ToolHiveKeys.COMPOSITE_TOOL_REFS);
        }
        // ToolHive has no "enabled" here: the section's presence turns the optimizer on
        if (present(root, "optimizer")) {
            reader.refuse("optimizer", ToolHiveKeys.OPTIMIZER);
        }
        codeMode(reader.object(root, "", "codeMode", false));
        sessionStorage(reader.object(root, "", "sessionStorage", false));
    }

    private void codeMode(ObjectNode node) {
        if (node == null) {
            return;
        }
        reader.allowOnly(node, "codeMode", CODE_MODE_FIELDS);
        if (Boolean.TRUE.equals(reader.bool(node, "codeMode", "enabled"))) {
            reader.refuse("codeMode.enabled", ToolHiveKeys.CODE_MODE_ON);
        } else {
            reader.inert("codeMode", ToolHiveKeys.CODE_MODE_OFF);
        }
    }

    private void sessionStorage(ObjectNode node) {
        if (node == null) {
            return;
        }
        reader.allowOnly(node, "sessionStorage", SESSION_STORAGE_FIELDS);
        String provider = reader.text(node, "sessionStorage", "provider", true);
        if (provider == null || provider.equals("memory")) {
            return;
        }
        if (provider.equals("redis")) {
            reader.refuse("sessionStorage.provider", ToolHiveKeys.REDIS_SESSIONS);
        } else {
            reader.report("sessionStorage.provider", "'" + provider + "' is not a session storage provider; allowed:"
                    + " memory, redis");
        }
    }

    private void emptyOrRefused(JsonNode node, String path, ToolHiveKeys.Key whenEmpty, ToolHiveKeys.Key otherwise) {
        if (node == null) {
            return;
        }
        if (node.isEmpty()) {
            reader.inert(path, whenEmpty);
        } else {
            reader.refuse(path, otherwise);
        }
    }

    private static boolean present(ObjectNode root, String field) {
        JsonNode v = root.get(field);
        return v != null && !v.isNull();
    }
}
