package routes;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import routes.health.CatalogSync;
import routes.health.GatewayReadinessCheck;
import routes.health.HealthEndpoints;
import routes.health.HealthMetrics;
import routes.health.HealthProbe;
import routes.health.HealthProbeSchedule;
import routes.health.MetricsEndpoint;
import routes.health.ProbeRecorder;
import routes.kernel.DueTimeScheduler;

import java.time.Clock;
import java.time.Duration;

/** Health probes (health-probe, health-probe-backend), the operational endpoints, metrics and Camel's readiness check. */
final class HealthBeans {

    private HealthBeans() {
    }

    static void bind(CamelContext camel, GatewayState s, CaravanProperties p) {
        Registry r = camel.getRegistry();
        // a backend that becomes routable or stops being so makes the catalog follow
        s.health().addListener(new CatalogSync(s.refresh()));
        HealthMetrics metrics = new HealthMetrics(s.meters(), s.health(), s.catalog(), s.sessions()::size);
        r.bind("healthState", s.health());
        r.bind("healthProbePool", camel.getExecutorServiceManager()
                .newFixedThreadPool(s.health(), "health-probe", p.intValue("caravan.health.probe-parallelism")));
        // the per-backend gauges follow the registry (added before the first load, in DiscoveryBeans)
        s.registry().addListener(change -> metrics.backends(s.registry().snapshot().keySet()));
        r.bind("healthProbeSchedule", new HealthProbeSchedule(s.health()));
        // the health-probe route runs when a probe is due, not on a fixed tick: a verdict, a backend
        // that came or changed, or new settings may bring the next one forward
        DueTimeScheduler due = new DueTimeScheduler("health-probe", lastRun -> s.health().nextDue(),
                Duration.ofMillis(p.longValue("caravan.health.max-wait")), Clock.systemUTC());
        s.health().onDueChanged(due::replan);
        s.settings().addListener((before, after) -> due.replan());
        r.bind("healthProbeScheduler", due);
        r.bind("healthProbe", new HealthProbe(s.probeClient(), s.health()));
        r.bind("probeRecorder", new ProbeRecorder(s.health(), metrics, spec -> spec.auth().forGateway().sendsCredentials(), Clock.systemUTC()));
        r.bind("metricsEndpoint", new MetricsEndpoint(s.meters()));
        r.bind("healthEndpoints", new HealthEndpoints(s.health(), s.registry(), s.configStatus(), CaravanMain.VERSION));
        // a HealthCheck bean is found by Camel's health registry: /observe/health/ready asks it
        r.bind("gatewayReadinessCheck", new GatewayReadinessCheck(s.health()));
    }
}
