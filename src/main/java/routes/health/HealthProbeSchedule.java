package routes.health;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The health-probe timer's step: leaves in the body the backends due for a probe now (see
 * {@link HealthState#due()}). It runs several times a second, so it does nothing else: what
 * follows a backend's arrival or departure (the prober's sessions, the per-backend gauges) listens
 * to the registry instead.
 */
public final class HealthProbeSchedule implements Processor {

    private final HealthState state;

    public HealthProbeSchedule(HealthState state) {
        this.state = state;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(state.due());
    }
}
