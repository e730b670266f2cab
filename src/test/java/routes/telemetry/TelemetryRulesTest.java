package routes.telemetry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import routes.config.TelemetryConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The telemetry section's rules as tables: where OTLP goes, and which resource attribute wins. */
class TelemetryRulesTest {

    private static TelemetryConfig config(String endpoint, boolean insecure, String serviceName, List<String> env,
                                          Map<String, String> custom, String caCertPath) {
        return new TelemetryConfig(endpoint, serviceName, "", true, false, 1.0, Map.of("X-Key", "secret-value"), insecure,
                false, null, null, env, custom, null, caCertPath);
    }

    @ParameterizedTest(name = "{0} insecure={1} -> {2}")
    @CsvSource({
            "otel-collector:4318,                  true,  http://otel-collector:4318",
            "otel-collector:4318,                  false, https://otel-collector:4318",
            "http://collector:4318/,               false, http://collector:4318",
            "https://collector.example.com/otlp,   true,  https://collector.example.com/otlp",
            "http://collector:4318/v1/traces,      false, http://collector:4318",
    })
    void theCollectorsBaseUrl(String endpoint, boolean insecure, String base) throws IOException {
        OtlpTarget target = OtlpTarget.of(config(endpoint, insecure, "", List.of(), Map.of(), ""));
        assertEquals(base, target.base());
        assertEquals(base + "/v1/traces", target.traces());
        assertEquals(base + "/v1/metrics", target.metrics());
    }

    @Test
    void aHeadersValueNeverShowsInTheTargetsDescription() throws IOException {
        String shown = OtlpTarget.of(config("c:4318", true, "", List.of(), Map.of(), "")).toString();
        assertTrue(shown.contains("X-Key"));
        assertFalse(shown.contains("secret-value"));
    }

    @Test
    void aMissingCaFileSaysWhichKeyAndFile() {
        IOException e = assertThrows(IOException.class, () -> OtlpTarget.of(config("c:4318", false, "", List.of(), Map.of(),
                Path.of("/nonexistent/otel-ca.pem").toString())));
        assertEquals("telemetry.caCertPath /nonexistent/otel-ca.pem cannot be read (NoSuchFileException)", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case                           | serviceName | OTEL_RESOURCE_ATTRIBUTES                | custom    | expected service.name | expected service.namespace
            "defaults: the config's name      |             |                                         |           | gw                    | ",
            "the operator's env               |             | service.name=vmcp-a,service.namespace=ns | team=x   | vmcp-a                | ns",
            "serviceName wins over the env    | explicit    | service.name=vmcp-a,service.namespace=ns |          | explicit              | ns",
            "custom attributes over the env   |             | service.namespace=ns                     | service.namespace=own | gw       | own",
            "percent-encoded values           |             | service.namespace=a%2Cb                  |          | gw                    | 'a,b'",
    })
    void resourceAttributesLaterSourcesWin(String ignoredCase, String serviceName, String envAttrs, String custom,
                                           String expectedName, String expectedNamespace) {
        Map<String, String> customAttrs = custom == null ? Map.of() : TelemetryResource.fromStandardVariable(custom);
        Map<String, String> env = envAttrs == null ? Map.of() : Map.of("OTEL_RESOURCE_ATTRIBUTES", envAttrs);
        Map<String, String> attrs = TelemetryResource.attributes(config("c:4318", true, serviceName, List.of(), customAttrs, ""),
                "gw", "0.1.0", env);
        assertEquals(expectedName, attrs.get("service.name"));
        assertEquals(expectedNamespace, attrs.get("service.namespace"));
        assertEquals("0.1.0", attrs.get("service.version"));
    }

    @Test
    void namedEnvironmentVariablesThatAreSetBecomeAttributes() {
        Map<String, String> attrs = TelemetryResource.attributes(config("c:4318", true, "", List.of("POD_NAME", "UNSET"),
                Map.of(), ""), "gw", "0.1.0", Map.of("POD_NAME", "gw-0", "OTHER", "x"));
        assertEquals("gw-0", attrs.get("environment.POD_NAME"));
        assertFalse(attrs.containsKey("environment.UNSET"));
        assertFalse(attrs.containsKey("environment.OTHER"));
    }
}
