package routes.health;

import routes.config.Durations;
import routes.kernel.BackendException;
import routes.kernel.BackendRpcException;
import routes.kernel.BackendSpec;
import routes.kernel.FailureCategory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * ToolHive's rules for reading one probe (toolhive-vmcp.md §4), as a pure function: a slow success
 * is degraded; 401/403 means reachable when the gateway has outgoing auth for the backend (probes
 * may lack a user's token) and unauthenticated when it has none; 429, and 503 with Retry-After,
 * mean "back off", not "down"; anything else is a failure.
 */
public final class ProbeClassifier {

    /** Longer Retry-After values are read as this, so a bogus header cannot stop probing for good. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private ProbeClassifier() {
    }

    /**
     * @param spec              the backend (for redacting the reason)
     * @param failure           what the probe threw, or null when it succeeded
     * @param latency           how long the probe took
     * @param degradedThreshold a success slower than this is degraded
     * @param hasOutgoingAuth   whether the gateway sends credentials to this backend
     * @param now               for Retry-After given as an HTTP date
     */
    public static ProbeVerdict classify(BackendSpec spec, Throwable failure, Duration latency, Duration degradedThreshold,
                                        boolean hasOutgoingAuth, Instant now) {
        if (failure == null) {
            if (latency.compareTo(degradedThreshold) > 0) {
                return new ProbeVerdict(ProbeVerdict.Kind.SUCCESS, HealthStatus.DEGRADED, "answered in " + latency.toMillis()
                        + " ms, slower than degradedThreshold (" + Durations.format(degradedThreshold) + ")", null);
            }
            return new ProbeVerdict(ProbeVerdict.Kind.SUCCESS, HealthStatus.HEALTHY,
                    "answered in " + latency.toMillis() + " ms", null);
        }
        if (failure instanceof BackendException e && e.httpStatus() > 0) {
            return byHttpStatus(spec, e, hasOutgoingAuth, now);
        }
        if (failure instanceof BackendRpcException e) {
            String reason = "answered the probe with JSON-RPC error " + e.code() + ": " + Redaction.reason(e.getMessage(), spec);
            return failed(reason, FailureCategory.PROTOCOL, reason);
        }
        if (failure instanceof BackendException e) {
            return failed(Redaction.reason(e.clientMessage(), spec), e.category(), Redaction.reason(e.getMessage(), spec));
        }
        return failed("probe failed: " + failure.getClass().getSimpleName(), FailureCategory.UNKNOWN,
                "probe failed: " + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + Redaction.reason(failure.getMessage(), spec)));
    }

    private static ProbeVerdict byHttpStatus(BackendSpec spec, BackendException e, boolean hasOutgoingAuth, Instant now) {
        int status = e.httpStatus();
        if (status == 401 || status == 403) {
            if (hasOutgoingAuth) {
                return new ProbeVerdict(ProbeVerdict.Kind.SUCCESS, HealthStatus.HEALTHY, "answered HTTP " + status
                        + " to the probe; reachable, and the gateway has outgoing auth for it", null);
            }
            if (spec.auth().needsUser()) {
                return new ProbeVerdict(ProbeVerdict.Kind.FAILURE, HealthStatus.UNAUTHENTICATED, "answered HTTP " + status
                        + " to the probe, which has no user token to exchange (give its " + spec.auth().type()
                        + " a client secret for the gateway's own calls); users' calls still go to it", null,
                        FailureCategory.AUTH);
            }
            return new ProbeVerdict(ProbeVerdict.Kind.FAILURE, HealthStatus.UNAUTHENTICATED, "answered HTTP " + status
                    + " and the gateway has no outgoing auth configured for it", null, FailureCategory.AUTH);
        }
        Duration wait = retryAfter(e.retryAfter(), now);
        if (status == 429 || (status == 503 && wait != null)) {
            String why = status == 429 ? "answered HTTP 429 (rate limited)" : "answered HTTP 503 with Retry-After";
            return new ProbeVerdict(ProbeVerdict.Kind.THROTTLED, HealthStatus.DEGRADED,
                    wait == null ? why : why + "; next probe in " + Durations.format(wait) + " at the earliest", wait);
        }
        return failed(Redaction.reason(e.clientMessage(), spec), e.category(), Redaction.reason(e.getMessage(), spec));
    }

    private static ProbeVerdict failed(String reason, FailureCategory category, String detail) {
        return new ProbeVerdict(ProbeVerdict.Kind.FAILURE, HealthStatus.UNHEALTHY, reason, null, category, detail);
    }

    /** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        Duration d = parseRetryAfter(value, now);
        return d == null || d.compareTo(MAX_RETRY_AFTER) <= 0 ? d : MAX_RETRY_AFTER;
    }

    private static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException tooLong) {
                return MAX_RETRY_AFTER;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
