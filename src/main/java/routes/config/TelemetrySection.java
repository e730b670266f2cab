package routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.List;

/** Reads and checks {@code telemetry}: ToolHive's keys, with the checks its loader and exporter make. */
final class TelemetrySection {

    private static final String PATH = "telemetry";
    static final List<String> FIELDS = List.of("endpoint", "serviceName", "serviceVersion", "tracingEnabled",
            "metricsEnabled", "samplingRate", "headers", "insecure", "enablePrometheusMetricsPath", "prometheusPort",
            "metricsOnTransportPort", "environmentVariables", "customAttributes", "useLegacyAttributes", "caCertPath");

    private final ConfigReader reader;

    TelemetrySection(ConfigReader reader) {
        this.reader = reader;
    }

    TelemetryConfig read(ObjectNode node) {
        if (node == null) {
            return TelemetryConfig.NONE;
        }
        reader.allowOnly(node, PATH, FIELDS);
        String endpoint = reader.text(node, PATH, "endpoint", false);
        boolean tracing = Boolean.TRUE.equals(reader.bool(node, PATH, "tracingEnabled"));
        boolean metrics = Boolean.TRUE.equals(reader.bool(node, PATH, "metricsEnabled"));
        boolean insecure = Boolean.TRUE.equals(reader.bool(node, PATH, "insecure"));
        if (endpoint != null && !endpoint.isBlank()) {
            checkEndpoint(endpoint.trim());
        } else if (tracing || metrics) {
            reader.report(ConfigReader.at(PATH, "endpoint"), "is required when tracingEnabled or metricsEnabled is"
                    + " true (the OTLP/HTTP collector, e.g. otel-collector:4318)");
        }
        Integer port = reader.integer(node, PATH, "prometheusPort", 0); // 0: ToolHive's default port
        inertIfPresent(node, "prometheusPort", ToolHiveKeys.PROMETHEUS_PORT);
        inertIfPresent(node, "metricsOnTransportPort", ToolHiveKeys.METRICS_ON_TRANSPORT_PORT);
        inertIfPresent(node, "useLegacyAttributes", ToolHiveKeys.LEGACY_ATTRIBUTES);
        return new TelemetryConfig(endpoint, reader.text(node, PATH, "serviceName", false),
                reader.text(node, PATH, "serviceVersion", false), tracing, metrics, samplingRate(node),
                reader.textMap(node, PATH, "headers"), insecure,
                Boolean.TRUE.equals(reader.bool(node, PATH, "enablePrometheusMetricsPath")), port,
                reader.bool(node, PATH, "metricsOnTransportPort"), reader.textList(node, PATH, "environmentVariables"),
                reader.textMap(node, PATH, "customAttributes"), reader.bool(node, PATH, "useLegacyAttributes"),
                caCertPath(node));
    }

    /** Checked at load, as a backend's caBundlePath is: a typo is a config error, not a failure at start. */
    private String caCertPath(ObjectNode node) {
        String raw = reader.text(node, PATH, "caCertPath", false);
        if (raw == null || raw.isEmpty()) {
            return raw;
        }
        String where = ConfigReader.at(PATH, "caCertPath");
        try {
            java.nio.file.Path p = java.nio.file.Path.of(raw);
            if (!java.nio.file.Files.isRegularFile(p) || !java.nio.file.Files.isReadable(p)) {
                reader.report(where, "'" + raw + "' is not a readable file; point it at the collector's PEM CA certificate");
                return null;
            }
            routes.backend.BackendTls.readPem(p);
            return raw;
        } catch (java.nio.file.InvalidPathException e) {
            reader.report(where, "'" + raw + "' is not a valid path");
        } catch (routes.backend.BackendTls.BundleException e) {
            reader.report(where, "'" + raw + "' is not a PEM CA certificate: " + e.getMessage());
        }
        return null;
    }

    private void inertIfPresent(ObjectNode node, String field, ToolHiveKeys.Key key) {
        if (node.hasNonNull(field)) {
            reader.inert(ConfigReader.at(PATH, field), key);
        }
    }

    /** ToolHive writes the rate as a string ("0.1") so the CRD has no floats; a number is fine too. */
    private double samplingRate(ObjectNode node) {
        JsonNode v = node.get("samplingRate");
        String where = ConfigReader.at(PATH, "samplingRate");
        if (v == null || v.isNull()) {
            return 1.0;
        }
        double rate;
        if (v.isNumber()) {
            rate = v.doubleValue();
        } else if (v.isTextual()) {
            try {
                rate = Double.parseDouble(v.textValue().trim());
            } catch (NumberFormatException e) {
                reader.report(where, "'" + v.textValue() + "' is not a number; use a fraction from 0 to 1, e.g. \"0.1\"");
                return 1.0;
            }
        } else {
            reader.report(where, "must be a fraction from 0 to 1, not " + ConfigReader.describe(v));
            return 1.0;
        }
        if (!(rate >= 0 && rate <= 1)) {
            reader.report(where, rate + " is out of range; use a fraction from 0 to 1");
            return 1.0;
        }
        return rate;
    }

    private void checkEndpoint(String endpoint) {
        String where = ConfigReader.at(PATH, "endpoint");
        String url = endpoint.contains("://") ? endpoint : "http://" + endpoint;
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                reader.report(where, "'" + endpoint + "' must be host:port or an http(s) URL of an OTLP/HTTP collector");
            } else if (uri.getHost() == null) {
                reader.report(where, "'" + endpoint + "' has no host; use host:port, e.g. otel-collector:4318");
            }
        } catch (IllegalArgumentException e) {
            reader.report(where, "'" + endpoint + "' is not a valid host:port or URL");
        }
    }
}
