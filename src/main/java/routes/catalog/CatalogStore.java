package routes.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.AggregationConfig;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Owner of the aggregated catalog: each backend's last fetched capabilities, the backends that
 * failed (and why), the aggregation settings, and the catalog built from them. Readers get the
 * immutable {@link Catalog}; only the catalog-refresh route changes anything here.
 *
 * <p>Backends the health state withholds (unhealthy, unauthenticated) keep their fetched
 * capabilities but are left out of {@link #catalog()}; {@link #unfiltered()} still knows their
 * names, so a call to one can be told why it is refused rather than "unknown tool".
 */
public final class CatalogStore {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogStore.class);

    private final Map<String, BackendCapabilities> capabilities = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    /** Backends that said they take resources/subscribe. */
    private final Set<String> subscribable = ConcurrentHashMap.newKeySet();
    private volatile AggregationConfig settings = AggregationConfig.DEFAULT;
    private volatile Catalog catalog = Catalog.EMPTY;
    private volatile Catalog unfiltered = Catalog.EMPTY;
    private volatile Predicate<String> routable = backend -> true;
    private volatile boolean built;
    private volatile java.util.List<String> warnings = java.util.List.of();
    private long version;
    private volatile java.time.Instant lastFailure = java.time.Instant.MIN;
    private volatile Runnable onFailure = () -> { };

    public Catalog catalog() {
        return catalog;
    }

    /** Every fetched backend's capabilities, withheld ones included; never advertised. */
    public Catalog unfiltered() {
        return unfiltered;
    }

    /** Whether the catalog has been built at least once (the first discovery round is done). */
    public boolean built() {
        return built;
    }

    /** Which backends may appear in {@link #catalog()}; applies from the next rebuild. */
    public void routing(Predicate<String> routableBackend) {
        this.routable = routableBackend;
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

    /** Whether the backend said (in initialize) that clients may subscribe to its resources. */
    public void subscribable(String backend, boolean subscribe) {
        if (subscribe) {
            subscribable.add(backend);
        } else {
            subscribable.remove(backend);
        }
    }

    /** Whether some backend in the catalog takes resources/subscribe: what initialize advertises. */
    public boolean subscribable() {
        Predicate<String> include = routable;
        for (String backend : subscribable) {
            if (capabilities.containsKey(backend) && include.test(backend)) {
                return true;
            }
        }
        return false;
    }

    /** A backend that failed is left out of the catalog until it answers again. */
    public void failed(String backend, String reason) {
        subscribable.remove(backend);
        capabilities.remove(backend);
        failures.put(backend, reason);
        lastFailure = java.time.Instant.now();
        onFailure.run();
    }

    /** Runs after each failed fetch (the catalog-retry route's scheduler). */
    public void onFailure(Runnable onFailure) {
        this.onFailure = onFailure;
    }

    /**
     * When the failed backends should be fetched again, given when that was last done: one
     * {@code interval} after the later of that and the last failure; null while none failed.
     */
    public java.time.Instant nextRetry(java.time.Instant lastRetry, java.time.Duration interval) {
        if (failures.isEmpty()) {
            return null;
        }
        java.time.Instant failed = lastFailure;
        return (failed.isAfter(lastRetry) ? failed : lastRetry).plus(interval);
    }

    public void removed(String backend) {
        subscribable.remove(backend);
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
        Predicate<String> include = routable;
        java.util.List<BackendCapabilities> all = new java.util.ArrayList<>(new TreeMap<>(capabilities).values());
        java.util.List<BackendCapabilities> served = all.stream().filter(c -> include.test(c.backend())).toList();
        try {
            AggregationResult result = Aggregator.aggregate(served, settings, ++version);
            catalog = result.catalog();
            unfiltered = served.size() == all.size() ? result.catalog() : unfilteredOrServed(all, result.catalog());
            if (!result.warnings().equals(warnings)) {
                result.warnings().forEach(w -> LOG.warn("Aggregation: {}", w));
            }
            warnings = result.warnings();
        } catch (AggregationException e) {
            // manual resolution with an unresolved conflict: keep serving the last good catalog
            LOG.error("Catalog not rebuilt, the previous one stays in force: {}", e.getMessage());
            warnings = java.util.List.of(e.getMessage());
        }
        built = true;
        return previous;
    }

    /** With withheld backends back in, names may clash under manual resolution: then explain nothing. */
    private Catalog unfilteredOrServed(java.util.List<BackendCapabilities> all, Catalog served) {
        try {
            return Aggregator.aggregate(all, settings, version).catalog();
        } catch (AggregationException e) {
            return served;
        }
    }
}
