package routes.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.config.AggregationConfig.ConflictStrategy;
import routes.config.AggregationConfig.WorkloadTools;
import routes.config.AggregationConfig;
import routes.config.Names;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Combines the capabilities of many backends into one {@link Catalog}, following ToolHive's rules
 * (toolhive-vmcp.md §1.3-1.5). A pure function: no I/O, no clock, no shared state; the input
 * nodes are never modified.
 *
 * <p>Order of work for tools: per-workload overrides and filters ({@link ToolShaper}), then
 * conflict resolution ({@link NameResolver}), then a last check that every advertised name is a
 * valid MCP tool name and used once. Something that cannot be advertised is left out with a
 * warning, never a crash; only an unresolved conflict under {@code manual} fails the whole build.
 */
public final class Aggregator {

    private Aggregator() {
    }

    /**
     * @param backends the capabilities of every backend to include; names must be unique
     * @param config   the {@code aggregation} settings
     * @param version  the version the new catalog carries; the caller keeps it increasing
     * @throws AggregationException on conflicts that {@code conflictResolution: manual} requires the
     *                              user to resolve, listing them all
     * @throws IllegalArgumentException if two entries share a backend name (the registry keeps them unique)
     */
    public static AggregationResult aggregate(List<BackendCapabilities> backends, AggregationConfig config, long version)
            throws AggregationException {
        List<BackendCapabilities> sorted = sortedByName(backends);
        List<String> warnings = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        List<CatalogEntry> hidden = new ArrayList<>();
        boolean manual = config.conflictResolution() == ConflictStrategy.MANUAL;

        Map<String, WorkloadTools> settings = new HashMap<>();
        config.tools().forEach(t -> settings.put(t.workload(), t));
        List<Candidate> toolCandidates = new ArrayList<>();
        for (BackendCapabilities b : sorted) {
            WorkloadTools wt = settings.get(b.backend());
            // ToolHive's shouldAdvertiseTool: excludeAllTools first, then an unlisted backend under deny
            boolean hiddenByDefault = config.excludeAllTools()
                    || (wt == null && config.defaultToolVisibility() == AggregationConfig.Visibility.DENY);
            ToolShaper.shape(b, Optional.ofNullable(wt), hiddenByDefault, toolCandidates, hidden, warnings);
        }
        NameResolver.Resolution toolRes = NameResolver.resolve(toolCandidates, config, "tool", true);
        List<CatalogEntry> tools = finish(toolRes, "tool", true, manual, hidden, warnings, conflicts);

        List<Candidate> promptCandidates = new ArrayList<>();
        for (BackendCapabilities b : sorted) {
            namedCandidates(b.backend(), b.prompts(), promptCandidates, warnings);
        }
        NameResolver.Resolution promptRes = NameResolver.resolve(promptCandidates, config, "prompt", false);
        List<CatalogEntry> prompts = finish(promptRes, "prompt", false, false, new ArrayList<>(), warnings, conflicts);

        if (!conflicts.isEmpty()) {
            throw new AggregationException(conflicts);
        }
        List<CatalogEntry> resources = firstBackendWins(sorted, BackendCapabilities::resources, "uri", "resource", warnings);
        List<CatalogEntry> templates = firstBackendWins(sorted, BackendCapabilities::resourceTemplates, "uriTemplate",
                "resource template", warnings);
        return new AggregationResult(new Catalog(version, tools, prompts, resources, templates, hidden), warnings);
    }

    private static List<BackendCapabilities> sortedByName(List<BackendCapabilities> backends) {
        List<BackendCapabilities> sorted = new ArrayList<>(backends);
        sorted.sort(Comparator.comparing(BackendCapabilities::backend));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).backend().equals(sorted.get(i - 1).backend())) {
                throw new IllegalArgumentException("backend '" + sorted.get(i).backend() + "' given twice");
            }
        }
        return sorted;
    }

    /** Checks the resolved names one last time and turns them into catalog entries. */
    private static List<CatalogEntry> finish(NameResolver.Resolution res, String kind, boolean toolRules, boolean manual,
                                             List<CatalogEntry> hidden, List<String> warnings, List<String> conflicts) {
        warnings.addAll(res.warnings);
        conflicts.addAll(res.conflicts);
        for (Candidate c : res.dropped) {
            hidden.add(new CatalogEntry(c.originalName(), c.backend(), c.originalName(), c.node()));
        }
        List<CatalogEntry> entries = new ArrayList<>(res.resolved.size());
        Map<String, CatalogEntry> taken = new HashMap<>(res.resolved.size() * 4 / 3 + 1);
        for (NameResolver.Resolved r : res.resolved) {
            Candidate c = r.candidate();
            String name = r.advertisedName();
            if (toolRules && !Names.isValidToolName(name)) {
                warnings.add("backend " + c.backend() + ": " + kind + " '" + c.originalName() + "' is left out: '"
                        + abbreviate(name) + "' is not a valid MCP tool name (" + Names.toolNameRule() + ")");
                hidden.add(new CatalogEntry(c.originalName(), c.backend(), c.originalName(), c.node()));
                continue;
            }
            CatalogEntry holder = taken.get(name);
            if (holder != null) {
                // Only possible when prefixes themselves collide (e.g. a static prefixFormat).
                String message = kind + " '" + name + "' of backend " + c.backend() + " (originally '" + c.originalName()
                        + "') collides with the one of backend " + holder.backend() + " (originally '"
                        + holder.originalName() + "')";
                if (manual) {
                    conflicts.add(message + "; change the overrides so each name is used once");
                } else {
                    warnings.add(message + "; the " + holder.backend() + " one is kept");
                    hidden.add(new CatalogEntry(c.originalName(), c.backend(), c.originalName(), c.node()));
                }
                continue;
            }
            CatalogEntry e = new CatalogEntry(name, c.backend(), c.originalName(), withName(c.node(), name));
            taken.put(name, e);
            entries.add(e);
        }
        return entries;
    }

    /** Prompts: named nodes as they are, no filters or overrides. */
    private static void namedCandidates(String backend, List<ObjectNode> nodes, List<Candidate> out, List<String> warnings) {
        for (int i = 0; i < nodes.size(); i++) {
            ObjectNode node = nodes.get(i);
            JsonNode name = node.get("name");
            if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
                warnings.add("backend " + backend + ": prompts[" + i + "] has no name; left out");
                continue;
            }
            out.add(new Candidate(backend, name.textValue(), name.textValue(), node, false));
        }
    }

    /** Resources and templates keep their URI; on a duplicate the first backend by name wins. */
    private static List<CatalogEntry> firstBackendWins(List<BackendCapabilities> sorted,
                                                       Function<BackendCapabilities, List<ObjectNode>> list,
                                                       String key, String kind, List<String> warnings) {
        Map<String, CatalogEntry> byKey = new LinkedHashMap<>();
        for (BackendCapabilities b : sorted) {
            List<ObjectNode> nodes = list.apply(b);
            for (int i = 0; i < nodes.size(); i++) {
                JsonNode k = nodes.get(i).get(key);
                if (k == null || !k.isTextual() || k.textValue().isEmpty()) {
                    warnings.add("backend " + b.backend() + ": " + kind + " #" + i + " has no " + key + "; left out");
                    continue;
                }
                CatalogEntry first = byKey.get(k.textValue());
                if (first != null) {
                    warnings.add("backend " + b.backend() + ": " + kind + " '" + k.textValue()
                            + "' is also offered by backend " + first.backend() + ", which serves it (first by name)");
                    continue;
                }
                byKey.put(k.textValue(), new CatalogEntry(k.textValue(), b.backend(), k.textValue(), nodes.get(i)));
            }
        }
        return new ArrayList<>(byKey.values());
    }

    /** The node itself when it already carries the name, else a shallow copy renamed. */
    private static ObjectNode withName(ObjectNode node, String name) {
        JsonNode current = node.get("name");
        if (current != null && current.isTextual() && current.textValue().equals(name)) {
            return node;
        }
        ObjectNode copy = node.objectNode();
        copy.setAll(node);
        copy.put("name", name);
        return copy;
    }

    private static String abbreviate(String name) {
        return name.length() <= 60 ? name : name.substring(0, 57) + "...";
    }
}
