package routes.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.discovery.AggregationConfig;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owner of the aggregated catalog: each backend's last fetched capabilities, the backends that
 * failed (and why), the aggregation settings, and the catalog built from them. Readers get the
 * immutable {@link Catalog}; only the catalog-refresh route changes anything here.
 */
public final class CatalogStore {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogStore.class);

    private final Map<String, BackendCapabilities> capabilities = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private volatile AggregationConfig settings = AggregationConfig.DEFAULT;
    private volatile Catalog catalog = Catalog.EMPTY;
    private volatile java.util.List<String> warnings = java.util.List.of();
    private long version;

    public Catalog catalog() {
        return catalog;
    }

    public AggregationConfig settings() {
        return settings;
    }

    public void settings(AggregationConfig settings) {
        this.settings = settings;
    }

    public void fetched(BackendCapabilities caps) {
        capabilities.put(caps.backend(), caps);
        failures.remove(caps.backend());
    }

    /** A backend that failed is left out of the catalog until it answers again. */
    public void failed(String backend, String reason) {
        capabilities.remove(backend);
        failures.put(backend, reason);
    }

    public void removed(String backend) {
        capabilities.remove(backend);
        failures.remove(backend);
    }

    /** Backends whose last fetch failed, with the reason; sorted by name. */
    public Map<String, String> failures() {
        return new TreeMap<>(failures);
    }

    public Set<String> failedBackends() {
        return Set.copyOf(failures.keySet());
    }

    public java.util.List<String> warnings() {
        return warnings;
    }

    /**
     * Rebuilds the catalog from what is fetched now; returns the previous one so the caller can
     * tell clients what changed.
     */
    public synchronized Catalog rebuild() {
        Catalog previous = catalog;
        try {
            AggregationResult result = Aggregator.aggregate(
                    new java.util.ArrayList<>(new TreeMap<>(capabilities).values()), settings, ++version);
            catalog = result.catalog();
            if (!result.warnings().equals(warnings)) {
                result.warnings().forEach(w -> LOG.warn("Aggregation: {}", w));
            }
            warnings = result.warnings();
        } catch (AggregationException e) {
            // manual resolution with an unresolved conflict: keep serving the last good catalog
            LOG.error("Catalog not rebuilt, the previous one stays in force: {}", e.getMessage());
            warnings = java.util.List.of(e.getMessage());
        }
        return previous;
    }
}
