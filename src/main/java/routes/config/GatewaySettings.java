package routes.config;

import routes.config.OperationalConfig.FailureHandling;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The config's settings that belong to no backend, for what follows them: the aggregation rules
 * (the catalog) and failure handling (health probes). The config-file source sets them each time
 * it applies a config; backend sources never touch them. Readers get the current values;
 * listeners hear a change after it took effect, on the setter's thread, in order.
 */
public final class GatewaySettings {

    /**
     * @param aggregation     naming, conflict resolution, filters and overrides of the catalog
     * @param failureHandling health probes and circuit breaker
     */
    public record Values(AggregationConfig aggregation, FailureHandling failureHandling) {

        public static final Values DEFAULT = new Values(AggregationConfig.DEFAULT, FailureHandling.DEFAULT);

        public Values {
            Objects.requireNonNull(aggregation, "aggregation");
            Objects.requireNonNull(failureHandling, "failureHandling");
        }

        public static Values of(GatewayConfig config) {
            return new Values(config.aggregation(), config.operational().failureHandling());
        }
    }

    /** Hears new settings; add listeners before the first config is applied. */
    @FunctionalInterface
    public interface Listener {
        void settingsChanged(Values before, Values after);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Values current = Values.DEFAULT;

    public Values current() {
        return current;
    }

    public AggregationConfig aggregation() {
        return current.aggregation();
    }

    public FailureHandling failureHandling() {
        return current.failureHandling();
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Makes these the settings in force; listeners hear it only when something differs. */
    public synchronized void set(Values next) {
        Values before = current;
        if (before.equals(next)) {
            return;
        }
        current = next;
        listeners.forEach(l -> l.settingsChanged(before, next));
    }
}
