package routes.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of everything the gateway advertises, and where each capability lives.
 * Built by {@link Aggregator}; readers share one instance without locking and swap in a new one
 * when it changes.
 *
 * <p>Lists are in a fixed order (backend name, then the backend's own order) so that tools/list
 * pages are stable between calls; the {@code ...Definitions()} lists hold the nodes to send, so a
 * page is a {@code subList}. Lookups by advertised name or URI are hash lookups.
 */
public final class Catalog {

    /** No backends, version 0: what the gateway serves before the first aggregation. */
    public static final Catalog EMPTY = new Catalog(0, List.of(), List.of(), List.of(), List.of(), List.of());

    private final long version;
    private final Section tools;
    private final Section prompts;
    private final Section resources;
    private final Section resourceTemplates;
    private final Map<String, Map<String, CatalogEntry>> hiddenTools;

    Catalog(long version, List<CatalogEntry> tools, List<CatalogEntry> prompts, List<CatalogEntry> resources,
            List<CatalogEntry> resourceTemplates, List<CatalogEntry> hiddenTools) {
        this.version = version;
        this.tools = new Section(tools);
        this.prompts = new Section(prompts);
        this.resources = new Section(resources);
        this.resourceTemplates = new Section(resourceTemplates);
        Map<String, Map<String, CatalogEntry>> hidden = new HashMap<>();
        for (CatalogEntry e : hiddenTools) {
            hidden.computeIfAbsent(e.backend(), b -> new HashMap<>()).putIfAbsent(e.originalName(), e);
        }
        this.hiddenTools = hidden;
    }

    /** The caller-given version this snapshot was built as; later snapshots have larger ones. */
    public long version() {
        return version;
    }

    public List<CatalogEntry> tools() {
        return tools.entries;
    }

    /** The tool objects to send in tools/list, in {@link #tools()} order. */
    public List<ObjectNode> toolDefinitions() {
        return tools.definitions;
    }

    public Optional<CatalogEntry> tool(String advertisedName) {
        return Optional.ofNullable(tools.byName.get(advertisedName));
    }

    /**
     * A backend tool that exists but is not advertised (filtered, excluded, lost a priority
     * conflict, or its name was unusable), by the backend's own name for it. Kept so that tools the
     * gateway itself composes can still reach them. The entry's advertised name is the original.
     */
    public Optional<CatalogEntry> hiddenTool(String backend, String originalName) {
        Map<String, CatalogEntry> byName = hiddenTools.get(backend);
        return byName == null ? Optional.empty() : Optional.ofNullable(byName.get(originalName));
    }

    public List<CatalogEntry> prompts() {
        return prompts.entries;
    }

    public List<ObjectNode> promptDefinitions() {
        return prompts.definitions;
    }

    public Optional<CatalogEntry> prompt(String advertisedName) {
        return Optional.ofNullable(prompts.byName.get(advertisedName));
    }

    public List<CatalogEntry> resources() {
        return resources.entries;
    }

    public List<ObjectNode> resourceDefinitions() {
        return resources.definitions;
    }

    /** The backend serving a resource, by its exact URI (URIs are never rewritten). */
    public Optional<CatalogEntry> resource(String uri) {
        return Optional.ofNullable(resources.byName.get(uri));
    }

    public List<CatalogEntry> resourceTemplates() {
        return resourceTemplates.entries;
    }

    public List<ObjectNode> resourceTemplateDefinitions() {
        return resourceTemplates.definitions;
    }

    /** The backend serving a resource template, by its exact {@code uriTemplate}. */
    public Optional<CatalogEntry> resourceTemplate(String uriTemplate) {
        return Optional.ofNullable(resourceTemplates.byName.get(uriTemplate));
    }

    @Override
    public String toString() {
        return "Catalog[version=" + version + ", tools=" + tools.entries.size() + ", prompts=" + prompts.entries.size()
                + ", resources=" + resources.entries.size() + ", resourceTemplates=" + resourceTemplates.entries.size() + "]";
    }

    /** One page-able kind of capability: ordered entries, their nodes, and a name index. */
    private static final class Section {
        final List<CatalogEntry> entries;
        final List<ObjectNode> definitions;
        final Map<String, CatalogEntry> byName;

        Section(List<CatalogEntry> entries) {
            this.entries = List.copyOf(entries);
            List<ObjectNode> defs = new ArrayList<>(entries.size());
            // Sized so that 5,000 entries never rehash while building.
            Map<String, CatalogEntry> index = new HashMap<>(Math.max(16, entries.size() * 4 / 3 + 1));
            for (CatalogEntry e : entries) {
                defs.add(e.definition());
                if (index.putIfAbsent(e.advertisedName(), e) != null) {
                    throw new IllegalArgumentException("advertised twice: " + e.advertisedName());
                }
            }
            this.definitions = Collections.unmodifiableList(defs);
            this.byName = index;
        }
    }
}
