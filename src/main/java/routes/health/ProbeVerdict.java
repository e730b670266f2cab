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
 * @param category   what kind of failure, in words anyone may read (NONE for a plain success)
 * @param detail     the whole story for the log and the management port: may name the backend's
 *                   host or files (never a header value or secret); the reason otherwise
 */
public record ProbeVerdict(Kind kind, HealthStatus status, String reason, Duration retryAfter, FailureCategory category,
                           String detail) {

    public ProbeVerdict(Kind kind, HealthStatus status, String reason, Duration retryAfter, FailureCategory category) {
        this(kind, status, reason, retryAfter, category, reason);
    }

    /** A verdict whose category follows from its kind. */
    public ProbeVerdict(Kind kind, HealthStatus status, String reason, Duration retryAfter) {
        this(kind, status, reason, retryAfter, kind == Kind.SUCCESS && status == HealthStatus.HEALTHY ? FailureCategory.NONE
                : kind == Kind.THROTTLED ? FailureCategory.RATE_LIMIT : kind == Kind.SUCCESS ? FailureCategory.TIMEOUT
                : FailureCategory.UNKNOWN);
    }

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
        Objects.requireNonNull(category, "category");
        detail = detail == null ? reason : detail;
    }
}
