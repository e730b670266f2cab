package routes.config;

import routes.kernel.AuthStrategy;

import java.util.Map;

/**
 * ToolHive's {@code outgoingAuth}: how the gateway authenticates to its backends.
 *
 * @param source   {@code inline} (this file says) or {@code discovered} (the backend's own config)
 * @param fallback the {@code default} strategy, for backends not listed
 * @param backends per-backend strategies, by backend name
 */
public record OutgoingAuthConfig(String source, AuthStrategy fallback, Map<String, AuthStrategy> backends) {

    public static final OutgoingAuthConfig NONE = new OutgoingAuthConfig("inline", AuthStrategy.UNAUTHENTICATED, Map.of());

    public OutgoingAuthConfig {
        source = source == null ? "inline" : source;
        fallback = fallback == null ? AuthStrategy.UNAUTHENTICATED : fallback;
        backends = ConfigCollections.orderedCopy(backends);
    }

    public AuthStrategy strategyFor(String backend) {
        return backends.getOrDefault(backend, fallback);
    }
}
