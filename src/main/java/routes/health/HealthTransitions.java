package routes.health;

import java.time.Duration;
import java.time.Instant;

/**
 * How one probe verdict moves a backend's health, with ToolHive's tracker rules (toolhive-vmcp.md
 * §4) as a pure function: failures change the status only once they reach the threshold; any
 * answer resets the count; a success after failures is "degraded, recovering" until the next one.
 */
public final class HealthTransitions {

    private HealthTransitions() {
    }

    /**
     * @param previous  the backend's health before this probe
     * @param verdict   what this probe found
     * @param at        when the probe ended
     * @param latency   how long it took
     * @param threshold unhealthyThreshold: failures in a row before the status changes
     */
    public static BackendHealth next(BackendHealth previous, ProbeVerdict verdict, Instant at, Duration latency, int threshold) {
        HealthStatus status;
        String reason;
        String detail = verdict.detail();
        int failures;
        switch (verdict.kind()) {
            case SUCCESS -> {
                failures = 0;
                if (previous.consecutiveFailures() > 0) {
                    status = HealthStatus.DEGRADED;
                    reason = "recovering after " + previous.consecutiveFailures() + " failed probe(s); " + verdict.reason();
                } else {
                    status = verdict.status();
                    reason = verdict.reason();
                }
            }
            case THROTTLED -> {
                failures = 0;
                status = verdict.status();
                reason = verdict.reason();
            }
            default -> {
                failures = previous.consecutiveFailures() + 1;
                if (failures >= threshold) {
                    status = verdict.status();
                    reason = verdict.reason();
                } else {
                    // below the threshold one bad probe changes nothing but the count
                    status = previous.status();
                    String count = " (failure " + failures + " of " + threshold + " before " + verdict.status().wireName() + ")";
                    reason = verdict.reason() + count;
                    detail = detail + count;
                }
            }
        }
        Instant since = status == previous.status() ? previous.since() : at;
        return new BackendHealth(previous.name(), status, failures, reason, at, latency, previous.circuitBreaker(),
                verdict.category(), since, detail);
    }
}
