package routes.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetrySectionTest {

    private static final String BASE = """
            name: t
            backends: [{name: a, url: "http://127.0.0.1:9/mcp", transport: streamable-http}]
            telemetry:
            """;

    private static TelemetryConfig load(String telemetry) throws ConfigException {
        return ConfigLoader.parse(BASE + telemetry.indent(2), "t.yaml").telemetry();
    }

    @Test
    void readsEveryToolHiveKey() throws Exception {
        try (routes.testing.TestPki pki = routes.testing.TestPki.create("Collector CA")) {
            readsEveryToolHiveKey(pki.caPemFile().toString());
        }
    }

    private void readsEveryToolHiveKey(String caPem) throws Exception {
        TelemetryConfig t = load("""
                endpoint: otel-collector:4318
                serviceName: my-vmcp
                serviceVersion: "1.2"
                tracingEnabled: true
                metricsEnabled: true
                samplingRate: "0.25"
                headers: {x-api-key: k}
                insecure: true
                enablePrometheusMetricsPath: true
                prometheusPort: 9090
                metricsOnTransportPort: false
                environmentVariables: [NODE_NAME]
                customAttributes: {team: platform}
                useLegacyAttributes: false
                caCertPath: %s
                """.formatted(caPem));
        assertEquals(new TelemetryConfig("otel-collector:4318", "my-vmcp", "1.2", true, true, 0.25, Map.of("x-api-key", "k"),
                true, true, 9090, false, List.of("NODE_NAME"), Map.of("team", "platform"), false,
                caPem), t);
        assertTrue(t.exports());
    }

    @Test
    void absentMeansNothingExported() throws Exception {
        TelemetryConfig t = ConfigLoader.parse("name: t\nbackends: [{name: a, url: \"http://127.0.0.1:9/mcp\", transport: sse}]\n", "t.yaml").telemetry();
        assertEquals(TelemetryConfig.NONE, t);
        assertFalse(t.exports());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "samplingRate: \"1.5\"|telemetry.samplingRate: 1.5 is out of range",
            "samplingRate: lots|telemetry.samplingRate: 'lots' is not a number",
            "tracingEnabled: true|telemetry.endpoint: is required when tracingEnabled or metricsEnabled",
            "endpoint: \"ftp://x:1\"|telemetry.endpoint: 'ftp://x:1' must be host:port or an http(s) URL",
            "sampling: 1|telemetry.sampling: unknown field",
    })
    void refusesWithAMessage(String yaml, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void numberRateIsFine() throws Exception {
        assertEquals(0.1, load("samplingRate: 0.1").samplingRate());
    }
}
