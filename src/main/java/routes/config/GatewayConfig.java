package routes.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole ToolHive vMCP config as Caravan reads it, validated and with defaults applied.
 *
 * @param source           the file it was read from (for messages)
 * @param name             the virtual server's name
 * @param groupRef         the MCPGroup whose members are discovered in dynamic mode; may be empty in
 *                         static mode
 * @param backends         static backends, in file order; empty means dynamic (Kubernetes) discovery
 * @param aggregation      naming, filtering and conflict resolution for the catalog
 * @param outgoingAuth     how the gateway authenticates to each backend
 * @param operational      timeouts and failure handling
 * @param metadata         free-form labels of the virtual server
 * @param deferredSections ToolHive sections accepted because ignoring them is safe, but not acted on
 *                         yet (today only {@code telemetry}); the caller should log them. See
 *                         {@link DeferredSections} for which sections are refused instead.
 */
public record GatewayConfig(String source, String name, String groupRef, List<BackendConfig> backends,
                            AggregationConfig aggregation, OutgoingAuthConfig outgoingAuth, OperationalConfig operational,
                            Map<String, String> metadata, Map<String, JsonNode> deferredSections) {

    public GatewayConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        groupRef = groupRef == null ? "" : groupRef;
        backends = ConfigCollections.copy(backends);
        aggregation = aggregation == null ? AggregationConfig.DEFAULT : aggregation;
        outgoingAuth = outgoingAuth == null ? OutgoingAuthConfig.NONE : outgoingAuth;
        operational = operational == null ? OperationalConfig.DEFAULT : operational;
        metadata = ConfigCollections.orderedCopy(metadata);
        deferredSections = ConfigCollections.orderedCopy(deferredSections);
    }

    /** True when backends are listed in the file (ToolHive's static mode); false means discover them. */
    public boolean staticMode() {
        return !backends.isEmpty();
    }

    public Optional<BackendConfig> backend(String backendName) {
        return backends.stream().filter(b -> b.name().equals(backendName)).findFirst();
    }

    /** {@code operational.timeouts.perWorkload[backend]}, else {@code operational.timeouts.default}. */
    public Duration timeoutFor(String backendName) {
        return operational.timeouts().timeoutFor(backendName);
    }
}
