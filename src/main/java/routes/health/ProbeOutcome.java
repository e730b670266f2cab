package routes.health;

import routes.kernel.BackendSpec;

import java.time.Duration;
import java.util.Objects;

/**
 * What running one probe produced, before it is judged.
 *
 * @param spec    the backend as registered when the probe was scheduled
 * @param failure what the probe threw, or null when the backend answered everything
 * @param latency how long the whole probe took
 */
public record ProbeOutcome(BackendSpec spec, Throwable failure, Duration latency) {

    public ProbeOutcome {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(latency, "latency");
    }
}
