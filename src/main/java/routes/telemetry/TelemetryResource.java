package routes.telemetry;

import routes.config.TelemetryConfig;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resource attributes every span and metric carries, each later source overriding the ones
 * before: {@code service.name} = the config's name and {@code service.version} = Caravan's; the
 * standard {@code OTEL_RESOURCE_ATTRIBUTES} (ToolHive's operator sets {@code service.name} and
 * {@code service.namespace} there); {@code environment.<NAME>} for each variable named in
 * {@code environmentVariables} that is set; {@code customAttributes}; then {@code serviceName} and
 * {@code serviceVersion} when the config gives them.
 */
final class TelemetryResource {

    static final String SERVICE_NAME = "service.name";
    static final String SERVICE_VERSION = "service.version";

    private TelemetryResource() {
    }

    static Map<String, String> attributes(TelemetryConfig config, String configName, String version,
                                          Map<String, String> environment) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put(SERVICE_NAME, configName);
        attrs.put(SERVICE_VERSION, version);
        attrs.putAll(fromStandardVariable(environment.get("OTEL_RESOURCE_ATTRIBUTES")));
        for (String name : config.environmentVariables()) {
            String value = environment.get(name);
            if (value != null) {
                attrs.put("environment." + name, value);
            }
        }
        attrs.putAll(config.customAttributes());
        if (!config.serviceName().isBlank()) {
            attrs.put(SERVICE_NAME, config.serviceName());
        }
        if (!config.serviceVersion().isBlank()) {
            attrs.put(SERVICE_VERSION, config.serviceVersion());
        }
        return attrs;
    }

    /** The W3C baggage-like list the OTel spec defines: {@code k=v,k2=v2}, values percent-encoded. */
    static Map<String, String> fromStandardVariable(String value) {
        Map<String, String> attrs = new LinkedHashMap<>();
        if (value == null) {
            return attrs;
        }
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = pair.substring(0, eq).trim();
            String v = pair.substring(eq + 1).trim();
            if (!key.isEmpty()) {
                attrs.put(key, URLDecoder.decode(v.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return attrs;
    }
}
