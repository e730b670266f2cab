package routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.config.AggregationConfig.ConflictResolutionConfig;
import routes.config.AggregationConfig.ConflictStrategy;
import routes.config.AggregationConfig.ToolAnnotations;
import routes.config.AggregationConfig.ToolOverride;
import routes.config.AggregationConfig.Visibility;
import routes.config.AggregationConfig.WorkloadTools;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks {@code aggregation}. References to backends (priorityOrder, tools[].workload)
 * are checked only in static mode: in dynamic mode the backends are discovered later.
 */
final class AggregationSection {

    private static final String PATH = "aggregation";
    private static final List<String> FIELDS = List.of("conflictResolution", "conflictResolutionConfig", "tools", "excludeAllTools",
            "defaultToolVisibility");
    private static final List<String> CRC_FIELDS = List.of("prefixFormat", "priorityOrder");
    private static final List<String> TOOLS_FIELDS = List.of("workload", "filter", "overrides", "excludeAll", "toolConfigRef");
    private static final List<String> OVERRIDE_FIELDS = List.of("name", "description", "annotations");
    private static final List<String> ANNOTATION_FIELDS =
            List.of("title", "readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint");

    private final ConfigReader reader;
    private final Set<String> backendNames;

    /** @param backendNames the static backends' names; empty in dynamic mode */
    AggregationSection(ConfigReader reader, Set<String> backendNames) {
        this.reader = reader;
        this.backendNames = backendNames;
    }

    AggregationConfig read(ObjectNode node) {
        if (node == null) {
            return AggregationConfig.DEFAULT;
        }
        reader.allowOnly(node, PATH, FIELDS);
        ConflictStrategy strategy = strategy(node);
        ConflictResolutionConfig crc = conflictResolutionConfig(node, strategy);
        List<WorkloadTools> tools = tools(node);
        Boolean excludeAllTools = reader.bool(node, PATH, "excludeAllTools");
        if (strategy == ConflictStrategy.MANUAL && node.path("tools").isEmpty()) {
            reader.report(ConfigReader.at(PATH, "conflictResolution"), "'manual' needs aggregation.tools with overrides"
                    + " that rename conflicting tools; to keep bare names and let one backend win, use 'priority'");
        }
        Visibility visibility = visibility(node);
        if (visibility == Visibility.DENY && strategy == ConflictStrategy.PRIORITY) {
            checkDenyWithPriority(crc, tools);
        }
        return new AggregationConfig(strategy == null ? ConflictStrategy.PREFIX : strategy, crc, tools,
                Boolean.TRUE.equals(excludeAllTools), visibility);
    }

    private Visibility visibility(ObjectNode node) {
        String raw = reader.text(node, PATH, "defaultToolVisibility", false);
        if (raw == null || raw.isEmpty()) {
            return Visibility.ALLOW;
        }
        return Visibility.fromWireName(raw).orElseGet(() -> {
            reader.report(ConfigReader.at(PATH, "defaultToolVisibility"), "'" + raw + "' is not allowed; use allow"
                    + " (every backend advertises its tools) or deny (only backends with a tools[] entry do)");
            return Visibility.ALLOW;
        });
    }

    /**
     * ToolHive's rule: under deny, a backend in priorityOrder without a tools[] entry could win a
     * name and then be withheld, so the tool would be advertised by nobody.
     */
    private void checkDenyWithPriority(ConflictResolutionConfig crc, List<WorkloadTools> tools) {
        Set<String> listed = new HashSet<>();
        tools.forEach(t -> listed.add(t.workload()));
        List<String> order = crc.priorityOrder();
        for (int i = 0; i < order.size(); i++) {
            if (!listed.contains(order.get(i))) {
                reader.report(ConfigReader.at(PATH, "conflictResolutionConfig.priorityOrder") + "[" + i + "]", "'"
                        + order.get(i) + "' has no aggregation.tools entry, so under defaultToolVisibility: deny it"
                        + " could win a tool name and then hide it; add a tools entry for it or remove it here");
            }
        }
    }

    private ConflictStrategy strategy(ObjectNode node) {
        String raw = reader.text(node, PATH, "conflictResolution", false);
        if (raw == null) {
            return ConflictStrategy.PREFIX;
        }
        return ConflictStrategy.fromWireName(raw).orElseGet(() -> {
            reader.report(ConfigReader.at(PATH, "conflictResolution"), "'" + raw
                    + "' is not a conflict resolution strategy; allowed: prefix, priority, manual");
            return null;
        });
    }

    private ConflictResolutionConfig conflictResolutionConfig(ObjectNode node, ConflictStrategy strategy) {
        String path = ConfigReader.at(PATH, "conflictResolutionConfig");
        ObjectNode crc = reader.object(node, PATH, "conflictResolutionConfig", false);
        String prefixFormat = null;
        List<String> order = List.of();
        if (crc != null) {
            reader.allowOnly(crc, path, CRC_FIELDS);
            prefixFormat = reader.text(crc, path, "prefixFormat", false);
            order = reader.textList(crc, path, "priorityOrder");
        }
        if (prefixFormat != null) {
            checkPrefixFormat(ConfigReader.at(path, "prefixFormat"), prefixFormat);
        }
        if (strategy == ConflictStrategy.PRIORITY && order.isEmpty()) {
            reader.report(ConfigReader.at(path, "priorityOrder"), "is required and must list at least one backend"
                    + " when conflictResolution is 'priority'");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            String where = ConfigReader.at(path, "priorityOrder") + "[" + i + "]";
            Integer first = seen.putIfAbsent(name, i);
            if (first != null) {
                reader.report(where, "'" + name + "' is already listed at priorityOrder[" + first + "]");
            } else {
                checkBackendRef(where, name);
            }
        }
        return new ConflictResolutionConfig(prefixFormat, order);
    }

    private void checkPrefixFormat(String where, String format) {
        if (format.isEmpty()) {
            reader.report(where, "must not be empty; the default is \"{workload}_\"");
            return;
        }
        // Backend names are always valid tool-name characters, so checking with a stand-in is enough.
        String sample = format.replace(ConflictResolutionConfig.WORKLOAD_PLACEHOLDER, "a");
        if (!Names.isValidToolName(sample + "x")) {
            reader.report(where, "'" + format + "' would make invalid tool names; besides {workload} use only"
                    + " A-Z a-z 0-9 _ - . (e.g. \"{workload}_\" or \"{workload}.\")");
        }
    }

    private void checkBackendRef(String where, String name) {
        if (!backendNames.isEmpty() && !backendNames.contains(name)) {
            reader.report(where, "'" + name + "' names no backend; known backends: " + String.join(", ", backendNames));
        }
    }

    private List<WorkloadTools> tools(ObjectNode node) {
        List<WorkloadTools> out = new ArrayList<>();
        ArrayNode list = reader.array(node, PATH, "tools", false);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            JsonNode item = list.get(i);
            String path = ConfigReader.item(ConfigReader.at(PATH, "tools"), i, "workload", item);
            if (!item.isObject()) {
                reader.report(path, "must be a map with workload and filter or overrides, not " + ConfigReader.describe(item));
                continue;
            }
            WorkloadTools wt = workloadTools((ObjectNode) item, path);
            if (wt == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(wt.workload(), i);
            if (first != null) {
                reader.report(ConfigReader.at(path, "workload"), "'" + wt.workload() + "' already has an entry at"
                        + " aggregation.tools[" + first + "]; merge them into one");
            } else {
                out.add(wt);
            }
        }
        return out;
    }

    private WorkloadTools workloadTools(ObjectNode item, String path) {
        reader.allowOnly(item, path, TOOLS_FIELDS);
        String workload = reader.text(item, path, "workload", true);
        if (workload != null) {
            checkBackendRef(ConfigReader.at(path, "workload"), workload);
        }
        ObjectNode ref = reader.object(item, path, "toolConfigRef", false);
        if (ref != null) {
            reader.allowOnly(ref, ConfigReader.at(path, "toolConfigRef"), List.of("name"));
            reader.inert(ConfigReader.at(path, "toolConfigRef"), ToolHiveKeys.TOOL_CONFIG_REF);
        }
        List<String> filter = reader.textList(item, path, "filter");
        Map<String, ToolOverride> overrides = overrides(item, path);
        Boolean excludeAll = reader.bool(item, path, "excludeAll");
        return workload == null ? null : new WorkloadTools(workload, filter, overrides, Boolean.TRUE.equals(excludeAll));
    }

    private Map<String, ToolOverride> overrides(ObjectNode item, String path) {
        Map<String, ToolOverride> out = new LinkedHashMap<>();
        ObjectNode map = reader.object(item, path, "overrides", false);
        if (map == null) {
            return out;
        }
        String mapPath = ConfigReader.at(path, "overrides");
        Map<String, String> newNames = new HashMap<>();
        map.fields().forEachRemaining(e -> {
            String where = ConfigReader.at(mapPath, e.getKey());
            if (!e.getValue().isObject()) {
                reader.report(where, "must be a map with name, description or annotations, not "
                        + ConfigReader.describe(e.getValue()));
                return;
            }
            ToolOverride o = override((ObjectNode) e.getValue(), where);
            if (o == null) {
                return;
            }
            if (o.name() != null) {
                String other = newNames.putIfAbsent(o.name(), e.getKey());
                if (other != null) {
                    reader.report(ConfigReader.at(where, "name"), "'" + o.name() + "' is already the new name of '"
                            + other + "'; two tools cannot share one name");
                }
            }
            out.put(e.getKey(), o);
        });
        return out;
    }

    private ToolOverride override(ObjectNode node, String where) {
        reader.allowOnly(node, where, OVERRIDE_FIELDS);
        String name = reader.text(node, where, "name", false);
        String description = reader.text(node, where, "description", false);
        ToolAnnotations annotations = annotations(node, where);
        if (name != null && name.isEmpty()) {
            name = null;
        }
        if (description != null && description.isEmpty()) {
            description = null;
        }
        if (name != null && !Names.isValidToolName(name)) {
            reader.report(ConfigReader.at(where, "name"), "'" + name + "' is not a valid tool name; use " + Names.toolNameRule());
            return null;
        }
        if (name == null && description == null && annotations == null) {
            reader.report(where, "sets nothing; give at least one of name, description or annotations");
            return null;
        }
        return new ToolOverride(name, description, annotations);
    }

    private ToolAnnotations annotations(ObjectNode node, String where) {
        ObjectNode a = reader.object(node, where, "annotations", false);
        if (a == null) {
            return null;
        }
        String path = ConfigReader.at(where, "annotations");
        reader.allowOnly(a, path, ANNOTATION_FIELDS);
        ToolAnnotations out = new ToolAnnotations(reader.text(a, path, "title", false), reader.bool(a, path, "readOnlyHint"),
                reader.bool(a, path, "destructiveHint"), reader.bool(a, path, "idempotentHint"),
                reader.bool(a, path, "openWorldHint"));
        boolean empty = out.title() == null && out.readOnlyHint() == null && out.destructiveHint() == null
                && out.idempotentHint() == null && out.openWorldHint() == null;
        return empty ? null : out;
    }
}
