package routes.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.config.AggregationConfig.ConflictResolutionConfig;
import routes.config.AggregationConfig.ConflictStrategy;
import routes.config.AggregationConfig.ToolAnnotations;
import routes.config.AggregationConfig.ToolOverride;
import routes.config.AggregationConfig.WorkloadTools;
import routes.config.AggregationConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Short builders so that test tables read like the spec. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static ObjectNode tool(String name) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", name);
        n.put("description", "the " + name + " tool");
        n.putObject("inputSchema").put("type", "object");
        return n;
    }

    static ObjectNode named(String name) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", name);
        return n;
    }

    static ObjectNode resource(String uri) {
        ObjectNode n = JSON.createObjectNode();
        n.put("uri", uri);
        n.put("name", uri.substring(uri.lastIndexOf('/') + 1));
        return n;
    }

    static ObjectNode template(String uriTemplate) {
        ObjectNode n = JSON.createObjectNode();
        n.put("uriTemplate", uriTemplate);
        n.put("name", "t");
        return n;
    }

    /** A backend with tools of these names. */
    static BackendCapabilities tools(String backend, String... names) {
        return BackendCapabilities.ofTools(backend, Arrays.stream(names).map(Fixtures::tool).toList());
    }

    static BackendCapabilities prompts(String backend, String... names) {
        return new BackendCapabilities(backend, List.of(), List.of(), List.of(), Arrays.stream(names).map(Fixtures::named).toList());
    }

    static BackendCapabilities resources(String backend, String... uris) {
        return new BackendCapabilities(backend, List.of(), Arrays.stream(uris).map(Fixtures::resource).toList(), List.of(), List.of());
    }

    static BackendCapabilities templates(String backend, String... uriTemplates) {
        return new BackendCapabilities(backend, List.of(), List.of(), Arrays.stream(uriTemplates).map(Fixtures::template).toList(), List.of());
    }

    static AggregationConfig prefix(String format, WorkloadTools... tools) {
        return new AggregationConfig(ConflictStrategy.PREFIX, new ConflictResolutionConfig(format, List.of()), List.of(tools), false);
    }

    static AggregationConfig prefix(WorkloadTools... tools) {
        return prefix("{workload}_", tools);
    }

    static AggregationConfig priority(List<String> order, WorkloadTools... tools) {
        return new AggregationConfig(ConflictStrategy.PRIORITY, new ConflictResolutionConfig(null, order), List.of(tools), false);
    }

    static AggregationConfig manual(WorkloadTools... tools) {
        return new AggregationConfig(ConflictStrategy.MANUAL, null, List.of(tools), false);
    }

    static AggregationConfig excludingAllTools(AggregationConfig c) {
        return new AggregationConfig(c.conflictResolution(), c.conflictResolutionConfig(), c.tools(), true);
    }

    static WorkloadTools filter(String workload, String... allowed) {
        return new WorkloadTools(workload, List.of(allowed), Map.of(), false);
    }

    static WorkloadTools excludeAll(String workload) {
        return new WorkloadTools(workload, List.of(), Map.of(), true);
    }

    /** Pairs of original name and new name. */
    static WorkloadTools rename(String workload, String... pairs) {
        Map<String, ToolOverride> overrides = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            overrides.put(pairs[i], new ToolOverride(pairs[i + 1], null, null));
        }
        return new WorkloadTools(workload, List.of(), overrides, false);
    }

    static WorkloadTools override(String workload, String tool, String newName, String description, ToolAnnotations a,
                                  String... filter) {
        return new WorkloadTools(workload, List.of(filter), Map.of(tool, new ToolOverride(newName, description, a)), false);
    }

    /** "advertised=backend/original" for each entry, the shape the tables compare. */
    static List<String> describe(List<CatalogEntry> entries) {
        List<String> out = new ArrayList<>();
        for (CatalogEntry e : entries) {
            out.add(e.advertisedName() + "=" + e.backend() + "/" + e.originalName());
        }
        return out;
    }
}
