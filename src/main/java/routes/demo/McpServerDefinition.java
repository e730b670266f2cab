package routes.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything an MCP server offers: identity, tools, resources, resource templates and prompts,
 * plus the page size of its list answers. Immutable once built; the engine only reads it.
 */
public final class McpServerDefinition {

    private final String name;
    private final String version;
    private final String instructions;
    private final int pageSize;
    private final List<ToolDefinition> tools;
    private final List<ResourceDefinition> resources;
    private final List<ResourceTemplateDefinition> resourceTemplates;
    private final List<PromptDefinition> prompts;

    private McpServerDefinition(Builder builder) {
        this.name = builder.name;
        this.version = builder.version;
        this.instructions = builder.instructions;
        this.pageSize = builder.pageSize;
        this.tools = List.copyOf(builder.tools);
        this.resources = List.copyOf(builder.resources);
        this.resourceTemplates = List.copyOf(builder.resourceTemplates);
        this.prompts = List.copyOf(builder.prompts);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public String instructions() {
        return instructions;
    }

    /** Items per page of every list answer; 0 means one page with everything. */
    public int pageSize() {
        return pageSize;
    }

    public List<ToolDefinition> tools() {
        return tools;
    }

    public List<ResourceDefinition> resources() {
        return resources;
    }

    public List<ResourceTemplateDefinition> resourceTemplates() {
        return resourceTemplates;
    }

    public List<PromptDefinition> prompts() {
        return prompts;
    }

    Optional<ToolDefinition> tool(String toolName) {
        return tools.stream().filter(t -> t.name().equals(toolName)).findFirst();
    }

    Optional<PromptDefinition> prompt(String promptName) {
        return prompts.stream().filter(p -> p.name().equals(promptName)).findFirst();
    }

    Optional<ResourceDefinition> resource(String uri) {
        return resources.stream().filter(r -> r.uri().equals(uri)).findFirst();
    }

    /** Fluent builder; names must be unique per kind, since clients address items by name. */
    public static final class Builder {
        private final String name;
        private String version = "1.0.0";
        private String instructions;
        private int pageSize;
        private final List<ToolDefinition> tools = new ArrayList<>();
        private final List<ResourceDefinition> resources = new ArrayList<>();
        private final List<ResourceTemplateDefinition> resourceTemplates = new ArrayList<>();
        private final List<PromptDefinition> prompts = new ArrayList<>();
        private final Set<String> keys = new HashSet<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "server name");
        }

        public Builder version(String version) {
            this.version = Objects.requireNonNull(version);
            return this;
        }

        public Builder instructions(String instructions) {
            this.instructions = instructions;
            return this;
        }

        public Builder pageSize(int pageSize) {
            if (pageSize < 0) {
                throw new IllegalArgumentException("pageSize must be >= 0, was " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        public Builder tool(ToolDefinition tool) {
            unique("tool", tool.name());
            tools.add(tool);
            return this;
        }

        public Builder tool(String toolName, String description, ObjectNode inputSchema, ToolHandler handler) {
            return tool(new ToolDefinition(toolName, description, inputSchema, handler));
        }

        /** A tool that neither streams nor needs the call context. */
        public Builder tool(String toolName, String description, ObjectNode inputSchema,
                            Function<JsonNode, ToolResult> handler) {
            return tool(toolName, description, inputSchema, (args, context) -> handler.apply(args));
        }

        public Builder resource(ResourceDefinition resource) {
            unique("resource", resource.uri());
            resources.add(resource);
            return this;
        }

        public Builder resource(String uri, String resourceName, String mimeType, String text) {
            return resource(new ResourceDefinition(uri, resourceName, null, mimeType, () -> text));
        }

        public Builder resource(String uri, String resourceName, String mimeType, Supplier<String> text) {
            return resource(new ResourceDefinition(uri, resourceName, null, mimeType, text));
        }

        public Builder resourceTemplate(ResourceTemplateDefinition template) {
            unique("resource template", template.uriTemplate());
            resourceTemplates.add(template);
            return this;
        }

        public Builder prompt(PromptDefinition prompt) {
            unique("prompt", prompt.name());
            prompts.add(prompt);
            return this;
        }

        public Builder prompt(String promptName, String description, List<PromptDefinition.Argument> arguments,
                              PromptDefinition.Message... messages) {
            return prompt(new PromptDefinition(promptName, description, arguments, Arrays.asList(messages)));
        }

        private void unique(String kind, String key) {
            if (!keys.add(kind + "\u0000" + key)) {
                throw new IllegalArgumentException("server " + name + " already has a " + kind + " named " + key);
            }
        }

        public McpServerDefinition build() {
            return new McpServerDefinition(this);
        }
    }

    /** Only for diagnostics: never part of a protocol answer. */
    @Override
    public String toString() {
        return "McpServerDefinition[" + name + " " + version + ", tools=" + tools.size() + ", resources="
                + resources.size() + ", templates=" + resourceTemplates.size() + ", prompts=" + prompts.size()
                + (pageSize > 0 ? ", pageSize=" + pageSize : "") + "]";
    }
}
