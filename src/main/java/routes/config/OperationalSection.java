package routes.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.config.OperationalConfig.CircuitBreaker;
import routes.config.OperationalConfig.FailureHandling;
import routes.config.OperationalConfig.HealthCheckMode;
import routes.config.OperationalConfig.PartialFailureMode;
import routes.config.OperationalConfig.Timeouts;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks {@code operational}, filling in ToolHive's defaults for what is left out. As in
 * ToolHive's loader, a duration of {@code 0s} means the default wherever there is one.
 */
final class OperationalSection {

    private static final String PATH = "operational";
    private static final List<String> FIELDS = List.of("logLevel", "timeouts", "failureHandling");
    private static final List<String> TIMEOUT_FIELDS = List.of("default", "perWorkload");
    private static final List<String> FAILURE_FIELDS = List.of("healthCheckInterval", "unhealthyThreshold",
            "healthCheckTimeout", "statusReportingInterval", "partialFailureMode", "circuitBreaker", "degradedThreshold",
            "healthCheckMode");
    private static final List<String> BREAKER_FIELDS = List.of("enabled", "failureThreshold", "timeout");
    private static final Duration MIN_BREAKER_TIMEOUT = Duration.ofSeconds(1);

    private final ConfigReader reader;
    private final Set<String> backendNames;

    /** @param backendNames the static backends' names; empty in dynamic mode */
    OperationalSection(ConfigReader reader, Set<String> backendNames) {
        this.reader = reader;
        this.backendNames = backendNames;
    }

    OperationalConfig read(ObjectNode node) {
        if (node == null) {
            return OperationalConfig.DEFAULT;
        }
        reader.allowOnly(node, PATH, FIELDS);
        String logLevel = reader.text(node, PATH, "logLevel", false);
        if (logLevel != null && !logLevel.isEmpty() && !logLevel.equals("debug")) {
            reader.report(ConfigReader.at(PATH, "logLevel"), "'" + logLevel + "' is not allowed; use \"debug\" or leave it out for info");
        }
        return new OperationalConfig(logLevel, timeouts(node), failureHandling(node));
    }

    private Timeouts timeouts(ObjectNode parent) {
        ObjectNode node = reader.object(parent, PATH, "timeouts", false);
        if (node == null) {
            return Timeouts.DEFAULT;
        }
        String path = ConfigReader.at(PATH, "timeouts");
        reader.allowOnly(node, path, TIMEOUT_FIELDS);
        Duration def = reader.durationOrDefault(node, path, "default");
        Map<String, Duration> perWorkload = new LinkedHashMap<>();
        ObjectNode map = reader.object(node, path, "perWorkload", false);
        if (map != null) {
            String mapPath = ConfigReader.at(path, "perWorkload");
            map.fields().forEachRemaining(e -> {
                String where = ConfigReader.at(mapPath, e.getKey());
                if (!backendNames.isEmpty() && !backendNames.contains(e.getKey())) {
                    reader.report(where, "'" + e.getKey() + "' names no backend; known backends: "
                            + String.join(", ", backendNames));
                }
                if (!e.getValue().isTextual()) {
                    reader.report(where, "must be " + Durations.SYNTAX + ", not " + ConfigReader.describe(e.getValue()));
                    return;
                }
                Duration d = reader.parseDuration(where, e.getValue().textValue());
                if (d != null) {
                    perWorkload.put(e.getKey(), d);
                }
            });
        }
        return new Timeouts(def, perWorkload);
    }

    private FailureHandling failureHandling(ObjectNode parent) {
        ObjectNode node = reader.object(parent, PATH, "failureHandling", false);
        if (node == null) {
            return FailureHandling.DEFAULT;
        }
        FailureHandling d = FailureHandling.DEFAULT;
        String path = ConfigReader.at(PATH, "failureHandling");
        reader.allowOnly(node, path, FAILURE_FIELDS);
        Duration interval = orElse(reader.durationOrDefault(node, path, "healthCheckInterval"), d.healthCheckInterval());
        Integer threshold = unhealthyThreshold(node, path);
        Duration timeout = orElse(reader.durationOrDefault(node, path, "healthCheckTimeout"),
                FailureHandling.defaultTimeout(interval));
        Duration statusInterval = reader.durationOrDefault(node, path, "statusReportingInterval");
        if (timeout.compareTo(interval) >= 0) {
            // A probe that may outlast the interval would let probes of one backend pile up.
            reader.report(ConfigReader.at(path, "healthCheckTimeout"), Durations.format(timeout)
                    + " must be shorter than healthCheckInterval (" + Durations.format(interval) + ")");
        }
        PartialFailureMode mode = d.partialFailureMode();
        String rawMode = reader.text(node, path, "partialFailureMode", false);
        if (rawMode != null && !rawMode.isEmpty()) {
            reader.inert(ConfigReader.at(path, "partialFailureMode"), ToolHiveKeys.PARTIAL_FAILURE_MODE);
            mode = PartialFailureMode.fromWireName(rawMode).orElse(null);
            if (mode == null) {
                reader.report(ConfigReader.at(path, "partialFailureMode"), "'" + rawMode + "' is not allowed; use fail or best_effort");
                mode = d.partialFailureMode();
            }
        }
        Duration degraded = reader.durationOrDefault(node, path, "degradedThreshold");
        if (degraded != null && degraded.compareTo(timeout) >= 0) {
            // a success slower than the timeout is a timeout, so such a threshold could never apply
            reader.report(ConfigReader.at(path, "degradedThreshold"), Durations.format(degraded)
                    + " must be shorter than healthCheckTimeout (" + Durations.format(timeout) + ")");
        }
        HealthCheckMode probeMode = null;
        String rawProbeMode = reader.text(node, path, "healthCheckMode", false);
        if (rawProbeMode != null) {
            probeMode = HealthCheckMode.fromWireName(rawProbeMode).orElse(null);
            if (probeMode == null) {
                reader.report(ConfigReader.at(path, "healthCheckMode"), "'" + rawProbeMode + "' is not allowed; use initialize or ping");
            }
        }
        return new FailureHandling(interval, threshold == null ? d.unhealthyThreshold() : threshold, timeout, mode,
                circuitBreaker(node, path), degraded, probeMode, statusInterval);
    }

    /** ToolHive's loader fills a 0 with the default (3); below that is an error. */
    private Integer unhealthyThreshold(ObjectNode node, String path) {
        if (node.path("unhealthyThreshold").isIntegralNumber() && node.path("unhealthyThreshold").intValue() == 0) {
            return null;
        }
        return reader.integer(node, path, "unhealthyThreshold", 1);
    }

    private CircuitBreaker circuitBreaker(ObjectNode parent, String parentPath) {
        ObjectNode node = reader.object(parent, parentPath, "circuitBreaker", false);
        if (node == null) {
            return CircuitBreaker.DEFAULT;
        }
        CircuitBreaker d = CircuitBreaker.DEFAULT;
        String path = ConfigReader.at(parentPath, "circuitBreaker");
        reader.allowOnly(node, path, BREAKER_FIELDS);
        Boolean enabled = reader.bool(node, path, "enabled");
        Integer threshold = reader.integer(node, path, "failureThreshold", 1);
        Duration timeout = reader.durationOrDefault(node, path, "timeout");
        if (timeout != null && timeout.compareTo(MIN_BREAKER_TIMEOUT) < 0) {
            reader.report(ConfigReader.at(path, "timeout"), Durations.format(timeout)
                    + " is too short; use at least 1s so the breaker does not flap");
        }
        return new CircuitBreaker(Boolean.TRUE.equals(enabled), threshold == null ? d.failureThreshold() : threshold,
                orElse(timeout, d.timeout()));
    }

    private static Duration orElse(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }
}
