package routes.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code aggregation} section of a ToolHive vMCP config: how tools of many backends are named,
 * filtered and renamed in the one catalog the gateway advertises.
 *
 * @param conflictResolution       prefix (default), priority or manual
 * @param conflictResolutionConfig prefixFormat and priorityOrder
 * @param tools                    per-workload filters and overrides, at most one entry per workload
 * @param excludeAllTools          advertise no backend tool at all
 * @param defaultToolVisibility    whether a backend with no {@code tools[]} entry advertises its tools
 *
 * <p>Tools that are not advertised (excluded, filtered out, denied by default) cannot be called by
 * clients either: a call to one is answered as for an unknown tool, as ToolHive does (#6216).
 */
public record AggregationConfig(ConflictStrategy conflictResolution, ConflictResolutionConfig conflictResolutionConfig,
                                List<WorkloadTools> tools, boolean excludeAllTools, Visibility defaultToolVisibility) {

    /** ToolHive's defaults: every tool prefixed with {@code {workload}_}, every backend advertised. */
    public static final AggregationConfig DEFAULT =
            new AggregationConfig(ConflictStrategy.PREFIX, ConflictResolutionConfig.DEFAULT, List.of(), false);

    public AggregationConfig {
        Objects.requireNonNull(conflictResolution, "conflictResolution");
        conflictResolutionConfig = conflictResolutionConfig == null ? ConflictResolutionConfig.DEFAULT : conflictResolutionConfig;
        tools = ConfigCollections.copy(tools);
        defaultToolVisibility = defaultToolVisibility == null ? Visibility.ALLOW : defaultToolVisibility;
    }

    /** With every backend advertised by default. */
    public AggregationConfig(ConflictStrategy conflictResolution, ConflictResolutionConfig conflictResolutionConfig,
                             List<WorkloadTools> tools, boolean excludeAllTools) {
        this(conflictResolution, conflictResolutionConfig, tools, excludeAllTools, Visibility.ALLOW);
    }

    /** ToolHive's {@code defaultToolVisibility}: what a backend without a {@code tools[]} entry advertises. */
    public enum Visibility {
        /** All its tools (ToolHive's default). */
        ALLOW("allow"),
        /** None: only backends named in {@code tools[]} advertise tools, as their entries say. */
        DENY("deny");

        private final String wireName;

        Visibility(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<Visibility> fromWireName(String value) {
            for (Visibility v : values()) {
                if (v.wireName.equals(value)) {
                    return Optional.of(v);
                }
            }
            return Optional.empty();
        }
    }

    /** The filter/override settings of one workload, if the config has any. */
    public Optional<WorkloadTools> toolsFor(String workload) {
        for (WorkloadTools t : tools) {
            if (t.workload().equals(workload)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public enum ConflictStrategy {
        PREFIX("prefix"), PRIORITY("priority"), MANUAL("manual");

        private final String wireName;

        ConflictStrategy(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<ConflictStrategy> fromWireName(String value) {
            for (ConflictStrategy s : values()) {
                if (s.wireName.equals(value)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * @param prefixFormat  for the prefix strategy; {@code {workload}} is replaced by the backend name
     * @param priorityOrder for the priority strategy; earlier backends win conflicts
     */
    public record ConflictResolutionConfig(String prefixFormat, List<String> priorityOrder) {

        public static final String DEFAULT_PREFIX_FORMAT = "{workload}_";
        public static final String WORKLOAD_PLACEHOLDER = "{workload}";
        public static final ConflictResolutionConfig DEFAULT = new ConflictResolutionConfig(DEFAULT_PREFIX_FORMAT, List.of());

        public ConflictResolutionConfig {
            prefixFormat = prefixFormat == null ? DEFAULT_PREFIX_FORMAT : prefixFormat;
            priorityOrder = ConfigCollections.copy(priorityOrder);
        }

        /** The prefix for one backend under {@link #prefixFormat}. */
        public String prefixFor(String backend) {
            return prefixFormat.replace(WORKLOAD_PLACEHOLDER, backend);
        }
    }

    /**
     * One entry of {@code aggregation.tools[]}.
     *
     * @param workload   the backend name
     * @param filter     allow-list of advertised tool names, matched after overrides (ToolHive matches
     *                   the name the user sees); empty means no filtering
     * @param overrides  original tool name → new name, description and annotations
     * @param excludeAll advertise none of this backend's tools
     */
    public record WorkloadTools(String workload, List<String> filter, Map<String, ToolOverride> overrides,
                                boolean excludeAll) {

        public WorkloadTools {
            Objects.requireNonNull(workload, "workload");
            filter = ConfigCollections.copy(filter);
            overrides = ConfigCollections.orderedCopy(overrides);
        }
    }

    /** New name, description and annotations for one tool; null fields keep the backend's value. */
    public record ToolOverride(String name, String description, ToolAnnotations annotations) {
    }

    /** MCP tool annotations to set; null fields keep the backend's value. */
    public record ToolAnnotations(String title, Boolean readOnlyHint, Boolean destructiveHint, Boolean idempotentHint,
                                  Boolean openWorldHint) {
    }
}
