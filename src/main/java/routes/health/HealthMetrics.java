package routes.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import routes.catalog.Catalog;
import routes.catalog.CatalogStore;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * The gateway's own Prometheus metrics, in the meter registry Camel serves on the management
 * port's /observe/metrics: each backend's health status (one 0/1 series per status), probe
 * latency, the catalog's size, open client sessions and readiness. Per-request backend metrics
 * are {@link MeteredSender}'s. Labels are backend names, statuses and MCP methods: never a header,
 * URL or secret.
 */
public final class HealthMetrics {

    static final String PREFIX = "caravan.";

    private final MeterRegistry registry;
    private final HealthState state;
    private final Set<String> backends = ConcurrentHashMap.newKeySet();
    private final Timer.Builder probeTimer = Timer.builder("caravan.health.probe")
            .description("Health probe duration per backend and outcome")
            .serviceLevelObjectives(MeteredSender.LATENCY_BUCKETS);

    /** @param openSessions how many client sessions are open (the front door's count) */
    public HealthMetrics(MeterRegistry registry, HealthState state, CatalogStore catalog, IntSupplier openSessions) {
        this.registry = registry;
        this.state = state;
        catalogGauge(catalog, "tools", c -> c.tools().size());
        catalogGauge(catalog, "prompts", c -> c.prompts().size());
        catalogGauge(catalog, "resources", c -> c.resources().size());
        catalogGauge(catalog, "resource_templates", c -> c.resourceTemplates().size());
        Gauge.builder("caravan.sessions.active", openSessions, IntSupplier::getAsInt).strongReference(true)
                .description("Open client sessions").register(registry);
        Gauge.builder("caravan.gateway.ready", state, s -> s.snapshot().phase().ready() ? 1 : 0).strongReference(true)
                .description("1 when /readyz answers ready").register(registry);
    }

    /**
     * The registry Camel's micrometer-prometheus serves: the one already bound under
     * {@value MicrometerConstants#METRICS_REGISTRY_NAME}, or a new one bound there for it to find.
     */
    public static MeterRegistry meterRegistry(CamelContext camel) {
        MeterRegistry found = camel.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (found != null) {
            return found;
        }
        PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        camel.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, created);
        return created;
    }

    private void catalogGauge(CatalogStore catalog, String kind, ToIntFunction<Catalog> count) {
        Gauge.builder("caravan.catalog.items", catalog, c -> count.applyAsInt(c.catalog())).strongReference(true)
                .tag("kind", kind).description("Items the gateway advertises").register(registry);
    }

    /** Keeps the per-backend series in step with the registry: new backends get theirs, gone ones lose all. */
    public void backends(Set<String> live) {
        for (String name : live) {
            if (backends.add(name)) {
                for (HealthStatus status : HealthStatus.values()) {
                    Gauge.builder("caravan.backend.health", state, s -> s.status(name) == status ? 1 : 0).strongReference(true)
                            .tag("backend", name).tag("status", status.wireName())
                            .description("1 for the backend's current health status, 0 for the others").register(registry);
                }
            }
        }
        for (String name : List.copyOf(backends)) {
            if (!live.contains(name)) {
                backends.remove(name);
                for (Meter m : List.copyOf(registry.getMeters())) {
                    if (m.getId().getName().startsWith(PREFIX) && name.equals(m.getId().getTag("backend"))) {
                        registry.remove(m);
                    }
                }
            }
        }
    }

    void probed(String backend, ProbeVerdict verdict, Duration latency) {
        if (!backends.contains(backend)) {
            // the backend left while it was probed: its series are gone and must stay gone
            return;
        }
        probeTimer.tag("backend", backend).tag("outcome", verdict.kind().name().toLowerCase(Locale.ROOT))
                .register(registry).record(latency);
    }
}
