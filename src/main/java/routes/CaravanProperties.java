package routes;

import org.apache.camel.CamelContext;

import java.util.Map;

/** The gateway's settings as camel-main resolved them (application.properties, -D, env), read by key. */
final class CaravanProperties {

    private final CamelContext camel;

    CaravanProperties(CamelContext camel) {
        this.camel = camel;
    }

    long longValue(String key) {
        return Long.parseLong(text(key).trim());
    }

    int intValue(String key) {
        return Math.toIntExact(longValue(key));
    }

    String text(String key) {
        return camel.getPropertiesComponent().resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("property " + key + " is not set"));
    }

    String text(String key, String orElse) {
        return camel.getPropertiesComponent().resolveProperty(key).orElse(orElse);
    }

    /** The process environment, or the map a test bound as {@code caravanEnvironment}. */
    @SuppressWarnings("unchecked")
    Map<String, String> environment() {
        Map<String, String> injected = camel.getRegistry().lookupByNameAndType("caravanEnvironment", Map.class);
        return injected != null ? Map.copyOf(injected) : System.getenv();
    }
}
