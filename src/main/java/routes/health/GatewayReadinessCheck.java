package routes.health;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Camel's readiness question for the gateway, "can it serve a client?", answered from the same
 * {@link HealthSnapshot} as /readyz, so the management port's /observe/health/ready (and with it
 * Kubernetes and Camel K probes) never disagrees with /readyz. Not a liveness check: backends
 * being down is no reason to restart the gateway.
 */
public final class GatewayReadinessCheck extends AbstractHealthCheck {

    private final HealthState state;

    public GatewayReadinessCheck(HealthState state) {
        super("caravan", "gateway-readiness");
        this.state = state;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        HealthSnapshot s = state.snapshot();
        // phase and message only: like /readyz, nothing here names a URL, a header or a secret
        builder.detail("phase", s.phase().wireName()).detail("message", s.message());
        builder.state(state.ready(s) ? State.UP : State.DOWN).message(s.message());
    }
}
