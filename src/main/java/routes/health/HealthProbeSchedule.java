package routes.health;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.backend.BackendClient;
import routes.config.OperationalConfig.FailureHandling;
import routes.kernel.BackendSpec;
import routes.registry.BackendRegistry;

import java.util.List;

/**
 * The health-probe timer's step: leaves in the body the backends due for a probe now (see
 * {@link HealthState#due()}), ends the prober's ping sessions of backends that changed or left,
 * and keeps the per-backend gauges in step with the registry.
 */
public final class HealthProbeSchedule implements Processor {

    private final HealthState state;
    private final BackendRegistry registry;
    private final BackendClient probeClient;
    private final HealthMetrics metrics;

    public HealthProbeSchedule(HealthState state, BackendRegistry registry, BackendClient probeClient, HealthMetrics metrics) {
        this.state = state;
        this.registry = registry;
        this.probeClient = probeClient;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        List<BackendSpec> due = state.due();
        FailureHandling fh = state.settings();
        List<BackendSpec> live = registry.list();
        probeClient.retainOnly(live.stream().map(s -> HealthProbe.bounded(s, fh)).toList());
        metrics.backends(registry.snapshot().keySet());
        exchange.getMessage().setBody(due);
    }
}
