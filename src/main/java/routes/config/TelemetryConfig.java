package routes.config;

import java.util.List;
import java.util.Map;

/**
 * ToolHive's {@code telemetry} section (its {@code pkg/telemetry} config), validated, with defaults.
 *
 * @param endpoint                    OTLP/HTTP collector: {@code host:port} as ToolHive writes it
 *                                    (the scheme follows {@code insecure}), or a full http(s) URL;
 *                                    empty: nothing is exported over OTLP
 * @param serviceName                 the {@code service.name} resource attribute; empty: the config's name
 * @param serviceVersion              the {@code service.version} resource attribute; empty: Caravan's version
 * @param tracingEnabled              export traces to {@link #endpoint}
 * @param metricsEnabled              export metrics to {@link #endpoint}
 * @param samplingRate                fraction of new traces sampled, 0 to 1 (a client's sampled
 *                                    {@code traceparent} is always continued)
 * @param headers                     headers sent with every OTLP request (e.g. an API key)
 * @param insecure                    plain http to {@code host:port} endpoints instead of https
 * @param enablePrometheusMetricsPath serve {@code /metrics} on the MCP port
 * @param prometheusPort              ToolHive's separate diagnostics port; vMCP never opens it
 * @param metricsOnTransportPort      ToolHive's switch for {@code /metrics} on the transport port
 * @param environmentVariables        names of environment variables recorded as resource attributes
 * @param customAttributes            extra resource attributes
 * @param useLegacyAttributes         ToolHive's pre-semconv attribute names
 * @param caCertPath                  PEM bundle trusted for an https endpoint; empty: the JDK's trust store
 */
public record TelemetryConfig(String endpoint, String serviceName, String serviceVersion, boolean tracingEnabled,
                              boolean metricsEnabled, double samplingRate, Map<String, String> headers, boolean insecure,
                              boolean enablePrometheusMetricsPath, Integer prometheusPort, Boolean metricsOnTransportPort,
                              List<String> environmentVariables, Map<String, String> customAttributes,
                              Boolean useLegacyAttributes, String caCertPath) {

    /** No telemetry section: nothing exported, no {@code /metrics} on the MCP port. */
    public static final TelemetryConfig NONE = new TelemetryConfig("", "", "", false, false, 1.0, Map.of(), false,
            false, null, null, List.of(), Map.of(), null, "");

    public TelemetryConfig {
        endpoint = endpoint == null ? "" : endpoint.trim();
        serviceName = serviceName == null ? "" : serviceName;
        serviceVersion = serviceVersion == null ? "" : serviceVersion;
        headers = ConfigCollections.orderedCopy(headers);
        environmentVariables = ConfigCollections.copy(environmentVariables);
        customAttributes = ConfigCollections.orderedCopy(customAttributes);
        caCertPath = caCertPath == null ? "" : caCertPath;
    }

    /** Something goes out over OTLP. */
    public boolean exports() {
        return !endpoint.isEmpty() && (tracingEnabled || metricsEnabled);
    }
}
