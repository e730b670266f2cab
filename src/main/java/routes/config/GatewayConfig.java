package routes.config;

import routes.authz.AuthzSpec;

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
 * @param telemetry        OpenTelemetry export and the MCP port's {@code /metrics}
 * @param inertKeys        keys of the file that are accepted but change nothing, with the reason, in
 *                         file order; logged in one line when the config is applied
 * @param rateLimiting     token buckets on tools/call ({@link RateLimitConfig#NONE}: no limits)
 * @param audit            the audit log ({@link AuditConfig#NONE}: none)
 * @param incomingAuth     who may call the gateway ({@code incomingAuth}: anonymous, OIDC, API keys)
 * @param authz            {@code incomingAuth.authz}: who may use which tool, prompt and resource
 * @param passthroughHeaders client request headers copied to every backend call of that request
 *                           (ToolHive's {@code passthroughHeaders}), validated
 */
public record GatewayConfig(String source, String name, String groupRef, List<BackendConfig> backends,
                            AggregationConfig aggregation, OutgoingAuthConfig outgoingAuth, OperationalConfig operational,
                            Map<String, String> metadata, TelemetryConfig telemetry, List<InertKey> inertKeys,
                            RateLimitConfig rateLimiting, AuditConfig audit, IncomingAuthConfig incomingAuth,
                            AuthzSpec authz, List<String> passthroughHeaders) {

    /** A config built in code: anonymous clients, no rate limits, audit, authorization or passthrough headers. */
    public GatewayConfig(String source, String name, String groupRef, List<BackendConfig> backends,
                         AggregationConfig aggregation, OutgoingAuthConfig outgoingAuth, OperationalConfig operational,
                         Map<String, String> metadata, TelemetryConfig telemetry, List<InertKey> inertKeys) {
        this(source, name, groupRef, backends, aggregation, outgoingAuth, operational, metadata, telemetry, inertKeys,
                RateLimitConfig.NONE, AuditConfig.NONE, IncomingAuthConfig.ANONYMOUS, AuthzSpec.NONE, List.of());
    }

    /** A config built in code, with no inert keys. */
    public GatewayConfig(String source, String name, String groupRef, List<BackendConfig> backends,
                         AggregationConfig aggregation, OutgoingAuthConfig outgoingAuth, OperationalConfig operational,
                         Map<String, String> metadata, TelemetryConfig telemetry) {
        this(source, name, groupRef, backends, aggregation, outgoingAuth, operational, metadata, telemetry, List.of());
    }

    public GatewayConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        groupRef = groupRef == null ? "" : groupRef;
        backends = ConfigCollections.copy(backends);
        aggregation = aggregation == null ? AggregationConfig.DEFAULT : aggregation;
        outgoingAuth = outgoingAuth == null ? OutgoingAuthConfig.NONE : outgoingAuth;
        operational = operational == null ? OperationalConfig.DEFAULT : operational;
        metadata = ConfigCollections.orderedCopy(metadata);
        telemetry = telemetry == null ? TelemetryConfig.NONE : telemetry;
        inertKeys = ConfigCollections.copy(inertKeys);
        rateLimiting = rateLimiting == null ? RateLimitConfig.NONE : rateLimiting;
        audit = audit == null ? AuditConfig.NONE : audit;
        authz = authz == null ? AuthzSpec.NONE : authz;
        incomingAuth = incomingAuth == null ? IncomingAuthConfig.ANONYMOUS : incomingAuth;
        passthroughHeaders = ConfigCollections.copy(passthroughHeaders);
    }

    /** The start-up line that lists {@link #inertKeys()}, if there are any. */
    public Optional<String> inertKeysLine() {
        return InertKey.logLine(inertKeys);
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
