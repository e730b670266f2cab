package routes.discovery.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;

/**
 * The ToolHive custom resources discovery reads, all in group {@code toolhive.stacklok.dev},
 * version {@code v1beta1}, namespaced. The first three are workloads that become backends when
 * their {@code spec.groupRef.name} is the gateway's group; the other two are what they refer to.
 */
public enum WorkloadKind {

    MCP_SERVER_ENTRY("MCPServerEntry", "mcpserverentries", true),
    MCP_SERVER("MCPServer", "mcpservers", true),
    MCP_REMOTE_PROXY("MCPRemoteProxy", "mcpremoteproxies", true),
    MCP_GROUP("MCPGroup", "mcpgroups", false),
    MCP_EXTERNAL_AUTH_CONFIG("MCPExternalAuthConfig", "mcpexternalauthconfigs", false);

    public static final String GROUP = "toolhive.stacklok.dev";
    public static final String VERSION = "v1beta1";

    private final String kind;
    private final String plural;
    private final boolean workload;
    private final CustomResourceDefinitionContext context;

    WorkloadKind(String kind, String plural, boolean workload) {
        this.kind = kind;
        this.plural = plural;
        this.workload = workload;
        this.context = new CustomResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(VERSION)
                .withKind(kind).withPlural(plural).withScope("Namespaced").withName(plural + "." + GROUP)
                .withStatusSubresource(true).build();
    }

    public String kind() {
        return kind;
    }

    public String plural() {
        return plural;
    }

    /** True for the kinds that become backends. */
    public boolean workload() {
        return workload;
    }

    /** What fabric8's generic client needs to list, watch and write this kind. */
    public CustomResourceDefinitionContext context() {
        return context;
    }

    /** The kind by its plural, as the watch routes name it; null when it is none of these. */
    public static WorkloadKind byPlural(String plural) {
        for (WorkloadKind k : values()) {
            if (k.plural.equals(plural)) {
                return k;
            }
        }
        return null;
    }
}
