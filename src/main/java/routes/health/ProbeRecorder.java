package routes.health;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.config.OperationalConfig.FailureHandling;
import routes.kernel.BackendSpec;

import java.time.Clock;
import java.util.function.Predicate;

/**
 * Judges a probe's outcome (the body, a {@link ProbeOutcome}) with {@link ProbeClassifier} and
 * records the verdict in the {@link HealthState} and the metrics. Leaves the verdict as the body.
 */
public final class ProbeRecorder implements Processor {

    private final HealthState state;
    private final HealthMetrics metrics;
    private final Predicate<BackendSpec> hasOutgoingAuth;
    private final Clock clock;

    public ProbeRecorder(HealthState state, HealthMetrics metrics, Predicate<BackendSpec> hasOutgoingAuth, Clock clock) {
        this.state = state;
        this.metrics = metrics;
        this.hasOutgoingAuth = hasOutgoingAuth;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        ProbeOutcome outcome = exchange.getMessage().getBody(ProbeOutcome.class);
        FailureHandling fh = state.settings();
        ProbeVerdict verdict = ProbeClassifier.classify(outcome.spec(), outcome.failure(), outcome.latency(),
                fh.degradedThreshold(), hasOutgoingAuth.test(outcome.spec()), clock.instant());
        state.record(outcome.spec(), verdict, outcome.latency());
        metrics.probed(outcome.spec().name(), verdict, outcome.latency());
        exchange.getMessage().setBody(verdict);
    }
}
