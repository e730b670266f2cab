package routes.config;

import routes.kernel.AuthStrategy;

import java.util.Map;

/**
 * ToolHive's {@code outgoingAuth}: how the gateway authenticates to its backends.
 *
 * @param source   {@code discovered} (ToolHive's default: a discovered workload's own auth config wins) or
 *                 {@code inline} (this file says)
 * @param fallback the {@code default} strategy, for backends not listed
 * @param backends per-backend strategies, by backend name
 */
public record OutgoingAuthConfig(String source, AuthStrategy fallback, Map<String, AuthStrategy> backends) {

    public static final OutgoingAuthConfig NONE = new OutgoingAuthConfig("discovered", AuthStrategy.UNAUTHENTICATED, Map.of());

    public OutgoingAuthConfig {
        source = source == null ? "discovered" : source;
        fallback = fallback == null ? AuthStrategy.UNAUTHENTICATED : fallback;
        backends = ConfigCollections.orderedCopy(backends);
    }

    public AuthStrategy strategyFor(String backend) {
        return backends.getOrDefault(backend, fallback);
    }
}
