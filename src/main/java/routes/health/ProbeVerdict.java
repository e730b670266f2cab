package routes.health;

import routes.kernel.FailureCategory;

import java.time.Duration;
import java.util.Objects;

/**
 * What one probe says about a backend, before the failure threshold and history are applied.
 *
 * @param kind       how the probe counts
 * @param status     the status this probe alone points to
 * @param reason     for /status: what happened, never a URL, host, header value or secret
 * @param retryAfter how long the backend asked us to wait before the next probe, or null
 * @param category   what kind of failure, or null for a success
 * @param detail     for the log: the reason with the backend's URL or host where that helps; no
 *                   header value or secret
 */
public record ProbeVerdict(Kind kind, HealthStatus status, String reason, Duration retryAfter, FailureCategory category,
                           String detail) {

    public enum Kind {
        /** The backend answered the probe (possibly slowly, or 401/403 with auth configured). */
        SUCCESS,
        /** Counts toward the unhealthy threshold and the circuit breaker. */
        FAILURE,
        /** Up, but asked us to back off (429, 503 with Retry-After): degraded, never a failure. */
        THROTTLED
    }

    public ProbeVerdict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? reason : detail;
        if (category == null && kind != Kind.SUCCESS) {
            category = kind == Kind.THROTTLED ? FailureCategory.RATE_LIMITED : FailureCategory.OTHER;
        }
    }

    /** A verdict whose reason is fit for the log as it is. */
    public ProbeVerdict(Kind kind, HealthStatus status, String reason, Duration retryAfter) {
        this(kind, status, reason, retryAfter, null, null);
    }
}
