package routes.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads {@code audit}: ToolHive's keys and checks (known event types, {@code maxDataSize} not
 * negative with 0 as the default, {@code maxDelegationDepth} at least 1). A {@code logFile} that
 * cannot be written is a load error here, not a failure at the first event; reading the config
 * creates nothing.
 */
final class AuditSection {

    private static final String PATH = "audit";
    private static final List<String> FIELDS = List.of("enabled", "component", "eventTypes", "excludeEventTypes",
            "includeRequestData", "includeResponseData", "detectApplicationErrors", "maxDataSize", "maxDelegationDepth",
            "logFile");

    private final ConfigReader reader;

    AuditSection(ConfigReader reader) {
        this.reader = reader;
    }

    AuditConfig read(ObjectNode node, String gatewayName) {
        if (node == null) {
            return AuditConfig.NONE;
        }
        reader.allowOnly(node, PATH, FIELDS);
        reader.bool(node, PATH, "enabled"); // type-checked; vMCP audits whenever the section is present
        if (reader.integer(node, PATH, "maxDelegationDepth", 1) != null) {
            reader.inert(ConfigReader.at(PATH, "maxDelegationDepth"), ToolHiveKeys.AUDIT_DELEGATION_DEPTH);
        }
        String component = reader.text(node, PATH, "component", false);
        Integer maxData = reader.integer(node, PATH, "maxDataSize", 0);
        Boolean detect = reader.bool(node, PATH, "detectApplicationErrors");
        return new AuditConfig(true, component == null || component.isBlank() ? gatewayName : component,
                eventTypes(node, "eventTypes"), eventTypes(node, "excludeEventTypes"),
                Boolean.TRUE.equals(reader.bool(node, PATH, "includeRequestData")),
                Boolean.TRUE.equals(reader.bool(node, PATH, "includeResponseData")),
                detect == null || detect,
                maxData == null || maxData == 0 ? AuditConfig.DEFAULT_MAX_DATA_SIZE : maxData,
                logFile(reader.text(node, PATH, "logFile", false)));
    }

    private List<String> eventTypes(ObjectNode node, String field) {
        List<String> types = reader.textList(node, PATH, field);
        for (int i = 0; i < types.size(); i++) {
            if (!AuditConfig.EVENT_TYPES.contains(types.get(i))) {
                reader.report(ConfigReader.at(PATH, field) + "[" + i + "]", "'" + types.get(i) + "' is not an audit event"
                        + " type; known: " + String.join(", ", AuditConfig.EVENT_TYPES));
            }
        }
        return types;
    }

    /** A file Caravan can append to: an existing writable file, or a new one in a writable directory. */
    private String logFile(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String where = ConfigReader.at(PATH, "logFile");
        Path file;
        try {
            file = Path.of(raw).toAbsolutePath();
        } catch (InvalidPathException e) {
            reader.report(where, "'" + raw + "' is not a valid path");
            return null;
        }
        if (Files.isDirectory(file)) {
            reader.report(where, "'" + raw + "' is a directory; name the file to append audit events to");
        } else if (Files.exists(file) ? !Files.isWritable(file)
                : file.getParent() == null || !Files.isDirectory(file.getParent()) || !Files.isWritable(file.getParent())) {
            reader.report(where, "'" + raw + "' cannot be written (" + (Files.exists(file) ? "the file is not writable"
                    : "its directory does not exist or is not writable") + "); fix the path or its permissions");
        } else {
            return file.toString();
        }
        return null;
    }
}
