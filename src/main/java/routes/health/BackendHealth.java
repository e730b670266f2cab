package routes.health;

import routes.kernel.FailureCategory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One backend's health as the endpoints and metrics show it: an immutable value, replaced as a
 * whole after each probe.
 *
 * @param name                the backend
 * @param status              the status after thresholds, history and the circuit breaker
 * @param consecutiveFailures failed probes in a row (reset by any answer)
 * @param reason              what the last probe found, or why the backend is withheld; no secrets
 * @param lastProbe           when the last probe ended, or null before the first
 * @param latency             how long the last probe took, or null before the first
 * @param circuitBreaker      "disabled", "closed", "open" or "half-open"
 * @param category            what kind of failure the last probe met (NONE after a success), safe to show anyone
 * @param since               when the status last changed, or null while it never has
 * @param detail              the reason with what only operators may see (the backend's host, files);
 *                            for the log and the management port
 * @param circuitChanged      when the circuit breaker last changed state, or null while it never has
 */
public record BackendHealth(String name, HealthStatus status, int consecutiveFailures, String reason, Instant lastProbe,
                            Duration latency, String circuitBreaker, FailureCategory category, Instant since,
                            String detail, Instant circuitChanged) {

    public BackendHealth(String name, HealthStatus status, int consecutiveFailures, String reason, Instant lastProbe,
                         Duration latency, String circuitBreaker) {
        this(name, status, consecutiveFailures, reason, lastProbe, latency, circuitBreaker, FailureCategory.NONE, null, reason,
                null);
    }

    /** Health whose circuit breaker never changed state. */
    public BackendHealth(String name, HealthStatus status, int consecutiveFailures, String reason, Instant lastProbe,
                         Duration latency, String circuitBreaker, FailureCategory category, Instant since, String detail) {
        this(name, status, consecutiveFailures, reason, lastProbe, latency, circuitBreaker, category, since, detail, null);
    }

    public BackendHealth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(circuitBreaker, "circuitBreaker");
        Objects.requireNonNull(category, "category");
        detail = detail == null ? reason : detail;
    }

    /** A backend just registered: nothing known yet. */
    static BackendHealth unprobed(String name) {
        return new BackendHealth(name, HealthStatus.UNKNOWN, 0, "not probed yet", null, null, "disabled");
    }

    public boolean routable() {
        return status.routable();
    }

    BackendHealth withStatus(HealthStatus newStatus, String newReason) {
        return new BackendHealth(name, newStatus, consecutiveFailures, newReason, lastProbe, latency, circuitBreaker,
                newStatus == status ? category : FailureCategory.UNAVAILABLE, since, newReason, circuitChanged);
    }

    BackendHealth withCircuitBreaker(String state, Instant changedAt) {
        return new BackendHealth(name, status, consecutiveFailures, reason, lastProbe, latency, state, category, since, detail,
                changedAt);
    }
}
