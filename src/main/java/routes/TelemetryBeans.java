package routes;

import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import routes.config.GatewayConfig;
import routes.discovery.StaticDiscovery;
import routes.telemetry.Telemetry;

import java.time.Duration;

/**
 * The config's telemetry section, put into effect after the config was read at start and before
 * the routes are made (Camel's tracer must see them made); stopped after the routes, so the last
 * spans and metrics go out. A reloaded config with another telemetry section is only logged.
 */
final class TelemetryBeans {

    private TelemetryBeans() {
    }

    static void bind(CamelContext camel, GatewayState s, CaravanProperties p) throws Exception {
        StaticDiscovery discovery = camel.getRegistry().lookupByNameAndType("staticDiscovery", StaticDiscovery.class);
        GatewayConfig config = discovery.current();
        Telemetry telemetry = Telemetry.start(camel, config.telemetry(), config.name(), CaravanMain.VERSION,
                p.environment(), s.meters(), new Telemetry.Settings(Duration.ofMillis(p.longValue("caravan.telemetry.trace-batch-delay")),
                        Duration.ofMillis(p.longValue("caravan.telemetry.metrics-step"))));
        discovery.onApplied(applied -> telemetry.configApplied(applied.telemetry()));
        camel.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext context) {
                telemetry.close();
            }
        });
    }
}
