package routes;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import routes.backend.BackendRelease;
import routes.catalog.CatalogFollower;
import routes.config.AggregationConfig;
import routes.config.ConfigStatus;
import routes.demo.DemoBackends;
import routes.discovery.StaticDiscovery;
import routes.headers.PassthroughHeaderCapture;
import routes.kernel.DueTimeScheduler;
import routes.health.HealthProbe;
import routes.health.MetricsEndpoint;
import routes.registry.RegistryEvent;

import java.time.Duration;
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

        ConfigStatus status = s.configStatus();
        MetricsEndpoint metricsEndpoint = r.lookupByNameAndType("metricsEndpoint", MetricsEndpoint.class);
        Gauge.builder("caravan.config.reload.rejected", status, c -> c.current().rejected() == null ? 0 : 1)
                .description("1 while the config file on disk was rejected and an older config is in force")
                .register(s.meters());
        FunctionCounter.builder("caravan.config.reload.rejections", status, ConfigStatus::rejections)
                .description("Config reloads rejected since start").register(s.meters());
        StaticDiscovery discovery = StaticDiscovery.create(camel, s.registry(), s.settings(), p.environment(), status,
                config -> metricsEndpoint.enabled(config.telemetry().enablePrometheusMetricsPath()));
        r.bind("backendRegistry", s.registry());
        r.bind("gatewaySettings", s.settings());
        r.bind("staticDiscovery", discovery);
        // route discovery-static reads the file when its folder changes (polled where it cannot be watched)
        r.bind("configFileScheduler", DueTimeScheduler.forFolder(camel, "discovery-static",
                discovery.demoMode() ? null : discovery.file().toAbsolutePath().getParent(),
                Duration.ofMillis(p.longValue("caravan.config.poll-interval")),
                Duration.ofMillis(p.longValue("caravan.files.reread-interval"))));
        PassthroughHeaderCapture passthrough = r.lookupByNameAndType("passthroughHeaderCapture", PassthroughHeaderCapture.class);
        passthrough.names(discovery.current().passthroughHeaders());
        discovery.onApplied(config -> passthrough.names(config.passthroughHeaders()));
        KubernetesBeans.bind(camel, s, discovery::current);
        if (discovery.demoMode()) {
            // the demo's prompts name tools as clients see them: prefixed as the demo config says
            // (its tools are unique but for echo, so other strategies would keep them bare)
            AggregationConfig naming = s.settings().aggregation();
            boolean prefixed = naming.conflictResolution() == AggregationConfig.ConflictStrategy.PREFIX;
            camel.addRoutes(new DemoBackends((backend, tool) ->
                    prefixed ? naming.conflictResolutionConfig().prefixFor(backend) + tool : tool));
        }
    }
}
