package routes;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import routes.kernel.ConfigStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import routes.backend.BackendRelease;
import routes.catalog.CatalogFollower;
import routes.demo.DemoBackends;
import routes.discovery.StaticDiscovery;
import routes.health.HealthProbe;
import routes.registry.RegistryEvent;

import java.util.Objects;

/**
 * The backend registry, what follows its changes, and its sources (discovery-static; the demo
 * backends when no config file is set). The listeners are added before the first load, so the
 * backends of the config read at start are fetched, probed and prepared like any later change.
 */
final class DiscoveryBeans {

    private DiscoveryBeans() {
    }

    static void bind(CamelContext camel, GatewayState s, CaravanProperties p) throws Exception {
        Registry r = camel.getRegistry();
        CatalogFollower catalogFollower = new CatalogFollower(s.catalog(), s.refresh());
        BackendRelease release = new BackendRelease(s.registry(), s.client(), s.probeClient(),
                spec -> HealthProbe.bounded(spec, s.settings().failureHandling()), s.http());
        s.registry().addListener(s.health());
        s.registry().addListener(catalogFollower);
        s.registry().addListener(release);
        // watch the Secrets a new or changed backend needs now, so its first call does not wait for the API
        s.registry().addListener(change -> s.secrets().prefetch(change.events().stream().map(RegistryEvent::after)
                .filter(Objects::nonNull).flatMap(spec -> spec.secretRefs().stream()).toList()));
        s.settings().addListener(catalogFollower);
        // the probes' timeout is part of their specs: a new one retires the old probe endpoints
        s.settings().addListener((before, after) -> release.release());

        configMetrics(s);
        StaticDiscovery discovery = StaticDiscovery.create(camel, s.registry(), s.settings(), s.config(), p.environment());
        r.bind("backendRegistry", s.registry());
        r.bind("gatewaySettings", s.settings());
        r.bind("staticDiscovery", discovery);
        if (discovery.demoMode()) {
            camel.addRoutes(new DemoBackends());
        }
    }

    /** Whether the config file's newest content was refused (the last good one stays), and how often that happened. */
    private static void configMetrics(GatewayState s) {
        Gauge.builder("caravan.config.last.reload.rejected", s.config(), c -> c.snapshot().rejected() == null ? 0 : 1)
                .strongReference(true).description("1 while the config file's newest content is rejected and the last good config is in force")
                .register(s.meters());
        FunctionCounter.builder("caravan.config.reloads.rejected", s.config(), ConfigStatus::rejections)
                .description("config file contents rejected since the start").register(s.meters());
    }
}
