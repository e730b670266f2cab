package routes.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.config.AggregationConfig.ToolAnnotations;
import routes.config.AggregationConfig.ToolOverride;
import routes.config.AggregationConfig.WorkloadTools;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies one workload's overrides and allow-list to its tools, as ToolHive does before conflict
 * resolution: overrides first, then the filter, which matches the name after the override (the
 * name the user sees). Tools that are filtered or excluded, or whose backend has no
 * {@code tools[]} entry under {@code defaultToolVisibility: deny}, are not advertised; they are
 * kept aside (the catalog's hidden tools), never reachable by a client's call.
 */
final class ToolShaper {

    private ToolShaper() {
    }

    /**
     * @param hiddenByDefault the backend has no {@code tools[]} entry and the default visibility
     *                        is deny, or {@code excludeAllTools} is set
     */
    static void shape(BackendCapabilities backend, Optional<WorkloadTools> settings, boolean hiddenByDefault,
                      List<Candidate> advertised, List<CatalogEntry> hidden, List<String> warnings) {
        String b = backend.backend();
        WorkloadTools wt = settings.orElse(null);
        boolean excludeAll = hiddenByDefault || (wt != null && wt.excludeAll());
        Set<String> filter = wt == null || wt.filter().isEmpty() ? null : new HashSet<>(wt.filter());
        Set<String> seen = new HashSet<>();
        Set<String> shapedNames = new HashSet<>();
        for (int i = 0; i < backend.tools().size(); i++) {
            ObjectNode node = backend.tools().get(i);
            JsonNode nameNode = node.get("name");
            if (nameNode == null || !nameNode.isTextual() || nameNode.textValue().isEmpty()) {
                warnings.add("backend " + b + ": tools[" + i + "] has no name; left out");
                continue;
            }
            String original = nameNode.textValue();
            if (!seen.add(original)) {
                warnings.add("backend " + b + ": lists tool '" + original + "' twice; the second is left out");
                continue;
            }
            ToolOverride override = wt == null ? null : wt.overrides().get(original);
            String name = override != null && override.name() != null ? override.name() : original;
            shapedNames.add(name);
            boolean filteredOut = filter != null && !filter.contains(name);
            if (excludeAll || filteredOut) {
                hidden.add(new CatalogEntry(original, b, original, node));
                continue;
            }
            ObjectNode shaped = override == null ? node : applyOverride(node, name, override);
            advertised.add(new Candidate(b, original, name, shaped, !name.equals(original)));
        }
        if (wt != null) {
            for (String key : wt.overrides().keySet()) {
                if (!seen.contains(key)) {
                    warnings.add("backend " + b + ": aggregation override for tool '" + key
                            + "' matches no tool of this backend");
                }
            }
            for (String allowed : wt.filter()) {
                if (!shapedNames.contains(allowed)) {
                    warnings.add("backend " + b + ": filter entry '" + allowed + "' matches no tool of this backend"
                            + " (the filter uses names after overrides)");
                }
            }
        }
    }

    /** A copy of the backend's node with the override applied; the backend's node is left as is. */
    static ObjectNode applyOverride(ObjectNode node, String name, ToolOverride override) {
        ObjectNode copy = node.objectNode();
        copy.setAll(node); // shallow: unchanged members (inputSchema, ...) are shared, never written
        copy.put("name", name);
        if (override.description() != null) {
            copy.put("description", override.description());
        }
        ToolAnnotations a = override.annotations();
        if (a != null) {
            ObjectNode annotations = copy.objectNode();
            JsonNode existing = node.get("annotations");
            if (existing != null && existing.isObject()) {
                annotations.setAll((ObjectNode) existing);
            }
            putIfSet(annotations, "title", a.title());
            putIfSet(annotations, "readOnlyHint", a.readOnlyHint());
            putIfSet(annotations, "destructiveHint", a.destructiveHint());
            putIfSet(annotations, "idempotentHint", a.idempotentHint());
            putIfSet(annotations, "openWorldHint", a.openWorldHint());
            copy.set("annotations", annotations);
        }
        return copy;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putIfSet(ObjectNode node, String field, Boolean value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
