package routes.health;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.backend.BackendClient;
import routes.config.Durations;
import routes.config.OperationalConfig.FailureHandling;
import routes.config.OperationalConfig.HealthCheckMode;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;

import java.time.Duration;

/**
 * Runs one probe (the body is the backend's spec) through the outbound pipeline, so forwarded
 * headers, outgoing auth and TLS apply exactly as for real traffic. Every request of the probe is
 * bounded by healthCheckTimeout rather than the backend's own timeout, so a hanging backend holds
 * only its own probe, and only that long. The probe client is the prober's own: its sessions are
 * never a client's.
 *
 * <p>Leaves a {@link ProbeOutcome} body.
 */
public final class HealthProbe implements Processor {

    private final BackendClient probeClient;
    private final HealthState state;

    public HealthProbe(BackendClient probeClient, HealthState state) {
        this.probeClient = probeClient;
        this.state = state;
    }

    /** The spec a probe uses: the registered one, with the probe timeout on every request. */
    public static BackendSpec bounded(BackendSpec spec, FailureHandling fh) {
        return spec.withTimeout(fh.healthCheckTimeout());
    }

    @Override
    public void process(Exchange exchange) {
        BackendSpec spec = exchange.getMessage().getBody(BackendSpec.class);
        FailureHandling fh = state.settings();
        BackendSpec probe = bounded(spec, fh);
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            if (fh.healthCheckMode() == HealthCheckMode.PING) {
                probeClient.call(BackendClient.GATEWAY, probe, CallerIdentity.GATEWAY, "ping", null, null);
            } else {
                probeClient.probe(probe);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        if (failure == null && latency.compareTo(fh.healthCheckTimeout()) > 0) {
            // each request kept within the timeout, but all of them together did not
            failure = new BackendException(spec.name(), "took " + latency.toMillis() + " ms to answer the probe, longer than healthCheckTimeout ("
                    + Durations.format(fh.healthCheckTimeout()) + ")");
        }
        exchange.getMessage().setBody(new ProbeOutcome(spec, failure, latency));
    }
}
