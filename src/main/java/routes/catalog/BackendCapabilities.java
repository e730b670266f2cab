package routes.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * What one backend answered to tools/list, resources/list, resources/templates/list and
 * prompts/list (all pages joined), as the raw JSON objects it sent. The catalog takes these nodes
 * over: it never modifies them and may advertise them as they are, so the caller must not modify
 * them afterwards either.
 *
 * @param backend           the backend (workload) name
 * @param tools             {@code result.tools[]}
 * @param resources         {@code result.resources[]}
 * @param resourceTemplates {@code result.resourceTemplates[]}
 * @param prompts           {@code result.prompts[]}
 */
public record BackendCapabilities(String backend, List<ObjectNode> tools, List<ObjectNode> resources,
                                  List<ObjectNode> resourceTemplates, List<ObjectNode> prompts) {

    public BackendCapabilities {
        Objects.requireNonNull(backend, "backend");
        tools = tools == null ? List.of() : List.copyOf(tools);
        resources = resources == null ? List.of() : List.copyOf(resources);
        resourceTemplates = resourceTemplates == null ? List.of() : List.copyOf(resourceTemplates);
        prompts = prompts == null ? List.of() : List.copyOf(prompts);
    }

    /** A backend that only has tools. */
    public static BackendCapabilities ofTools(String backend, List<ObjectNode> tools) {
        return new BackendCapabilities(backend, tools, List.of(), List.of(), List.of());
    }
}
