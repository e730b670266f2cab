package routes.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code operational} section of a ToolHive vMCP config, with ToolHive's defaults filled in so
 * readers never see a missing value.
 *
 * @param logLevel        "debug" or "" (info)
 * @param timeouts        per-request timeouts toward backends
 * @param failureHandling health probes and circuit breaker
 */
public record OperationalConfig(String logLevel, Timeouts timeouts, FailureHandling failureHandling) {

    public static final OperationalConfig DEFAULT = new OperationalConfig("", Timeouts.DEFAULT, FailureHandling.DEFAULT);

    public OperationalConfig {
        logLevel = logLevel == null ? "" : logLevel;
        timeouts = timeouts == null ? Timeouts.DEFAULT : timeouts;
        failureHandling = failureHandling == null ? FailureHandling.DEFAULT : failureHandling;
    }

    /**
     * @param defaultTimeout the {@code default} key: for every backend without its own value
     * @param perWorkload    backend name → timeout
     */
    public record Timeouts(Duration defaultTimeout, Map<String, Duration> perWorkload) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
        public static final Timeouts DEFAULT = new Timeouts(DEFAULT_TIMEOUT, Map.of());

        public Timeouts {
            defaultTimeout = defaultTimeout == null ? DEFAULT_TIMEOUT : defaultTimeout;
            perWorkload = ConfigCollections.orderedCopy(perWorkload);
        }

        public Duration timeoutFor(String backend) {
            return perWorkload.getOrDefault(backend, defaultTimeout);
        }
    }

    /**
     * @param healthCheckInterval time between probes of one backend
     * @param unhealthyThreshold  consecutive failures before a backend counts as unhealthy
     * @param healthCheckTimeout  longest one probe may take; shorter than the interval
     * @param partialFailureMode  what to do when some backends are down
     * @param circuitBreaker      stop probing a backend for a while after repeated failures
     * @param degradedThreshold   a probe that succeeds but takes longer than this marks the backend
     *                            degraded (fixed at 5s in ToolHive; configurable here)
     * @param healthCheckMode     what a probe sends: a full initialize on a fresh session, or a
     *                            ping on a session the prober keeps open
     * @param statusReportingInterval how often the VirtualMCPServer status is written when running
     *                            under ToolHive's operator (ToolHive's default 30s)
     */
    public record FailureHandling(Duration healthCheckInterval, int unhealthyThreshold, Duration healthCheckTimeout,
                                  PartialFailureMode partialFailureMode, CircuitBreaker circuitBreaker,
                                  Duration degradedThreshold, HealthCheckMode healthCheckMode,
                                  Duration statusReportingInterval) {

        public static final Duration DEFAULT_DEGRADED_THRESHOLD = Duration.ofSeconds(5);
        public static final Duration DEFAULT_STATUS_REPORTING_INTERVAL = Duration.ofSeconds(30);
        /** ToolHive's probe timeout, used whenever the interval is longer. */
        public static final Duration DEFAULT_HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(10);
        public static final FailureHandling DEFAULT = new FailureHandling(Duration.ofSeconds(30), 3,
                DEFAULT_HEALTH_CHECK_TIMEOUT, PartialFailureMode.FAIL, CircuitBreaker.DEFAULT);

        public FailureHandling {
            Objects.requireNonNull(healthCheckInterval, "healthCheckInterval");
            Objects.requireNonNull(healthCheckTimeout, "healthCheckTimeout");
            Objects.requireNonNull(partialFailureMode, "partialFailureMode");
            circuitBreaker = circuitBreaker == null ? CircuitBreaker.DEFAULT : circuitBreaker;
            degradedThreshold = degradedThreshold == null ? DEFAULT_DEGRADED_THRESHOLD : degradedThreshold;
            healthCheckMode = healthCheckMode == null ? HealthCheckMode.INITIALIZE : healthCheckMode;
            statusReportingInterval = statusReportingInterval == null ? DEFAULT_STATUS_REPORTING_INTERVAL
                    : statusReportingInterval;
        }

        /** Without the status interval: it takes its default. */
        public FailureHandling(Duration healthCheckInterval, int unhealthyThreshold, Duration healthCheckTimeout,
                               PartialFailureMode partialFailureMode, CircuitBreaker circuitBreaker,
                               Duration degradedThreshold, HealthCheckMode healthCheckMode) {
            this(healthCheckInterval, unhealthyThreshold, healthCheckTimeout, partialFailureMode, circuitBreaker,
                    degradedThreshold, healthCheckMode, null);
        }

        /**
         * The probe timeout when the config sets none: ToolHive's 10s when that is shorter than
         * the interval, else half the interval. A probe must end before the next one is due, so
         * a short interval alone (e.g. 2s) must not need a timeout written beside it.
         */
        public static Duration defaultTimeout(Duration healthCheckInterval) {
            return DEFAULT_HEALTH_CHECK_TIMEOUT.compareTo(healthCheckInterval) < 0
                    ? DEFAULT_HEALTH_CHECK_TIMEOUT : healthCheckInterval.dividedBy(2);
        }

        /** ToolHive's fields only; the Caravan additions take their defaults. */
        public FailureHandling(Duration healthCheckInterval, int unhealthyThreshold, Duration healthCheckTimeout,
                               PartialFailureMode partialFailureMode, CircuitBreaker circuitBreaker) {
            this(healthCheckInterval, unhealthyThreshold, healthCheckTimeout, partialFailureMode, circuitBreaker,
                    null, null, null);
        }
    }

    /** What a health probe sends to a backend. */
    public enum HealthCheckMode {
        /** initialize, notifications/initialized, the advertised list calls, DELETE: each on a fresh session. */
        INITIALIZE("initialize"),
        /** ping on a session the prober keeps per backend (re-initialized when the backend forgets it). */
        PING("ping");

        private final String wireName;

        HealthCheckMode(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<HealthCheckMode> fromWireName(String value) {
            for (HealthCheckMode m : values()) {
                if (m.wireName.equals(value)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    public enum PartialFailureMode {
        FAIL("fail"), BEST_EFFORT("best_effort");

        private final String wireName;

        PartialFailureMode(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** Accepts "bestEffort" too: ToolHive's validator and its CRD spell it differently. */
        public static Optional<PartialFailureMode> fromWireName(String value) {
            if ("bestEffort".equals(value)) {
                return Optional.of(BEST_EFFORT);
            }
            for (PartialFailureMode m : values()) {
                if (m.wireName.equals(value)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * @param enabled          off by default, as in ToolHive
     * @param failureThreshold failures that open the circuit
     * @param timeout          how long the circuit stays open before one trial probe
     */
    public record CircuitBreaker(boolean enabled, int failureThreshold, Duration timeout) {

        public static final CircuitBreaker DEFAULT = new CircuitBreaker(false, 5, Duration.ofSeconds(60));

        public CircuitBreaker {
            Objects.requireNonNull(timeout, "timeout");
        }
    }
}
