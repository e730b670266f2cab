package routes.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The timer Pipe of {@code k8s/camel-k/} run as Camel K runs a Pipe (a route from the source
 * Kamelet through the steps to the sink Kamelet, with the Pipe's properties), against the gateway
 * in demo mode: the log sink logs the forecast the gateway's weather tool gave. Only the URL (the
 * cluster's Service) and the timer's pace are changed for the test.
 */
class CamelKPipesTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void theTimerPipeLogsTheToolsAnswer() throws Exception {
        JsonNode pipe = YAML.readTree(Path.of("k8s/camel-k/pipe-timer-mcp-tool.yaml").toFile());
        try (LogCapture logs = LogCapture.start();
             GatewayHarness gateway = GatewayHarness.start(null);
             CamelContext camel = new DefaultCamelContext()) {
            Map<String, String> testOnly = Map.of("url", gateway.mcpUrl(), "period", "500");
            camel.getComponent("kamelet", KameletComponent.class).setLocation("file:kamelets,classpath:kamelets");
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("pipe.yaml", asRoute(pipe, testOnly)));
            camel.start();
            String logger = pipe.at("/spec/sink/properties/loggerName").asText();
            // the demo's catalog fills in shortly after start; until then the tool is unknown and the
            // exchange fails, and the timer tries again
            await().atMost(Duration.ofSeconds(20)).until(() -> logs.lines().stream()
                    .anyMatch(l -> l.contains(" " + logger + " - ") && l.contains("Lisbon")));
            assertEquals("weather_get_forecast", pipe.at("/spec/steps/0/properties/toolName").asText());
        }
    }

    /** The route Camel K makes of a Pipe: source Kamelet, then each step, then the sink, each with its properties. */
    private static String asRoute(JsonNode pipe, Map<String, String> overrides) {
        StringBuilder route = new StringBuilder("- route:\n    from:\n      uri: \"").append(uri(pipe.at("/spec/source"), overrides))
                .append("\"\n      steps:\n");
        for (JsonNode step : pipe.at("/spec/steps")) {
            route.append("        - to: \"").append(uri(step, overrides)).append("\"\n");
        }
        return route.append("        - to: \"").append(uri(pipe.at("/spec/sink"), overrides)).append("\"\n").toString();
    }

    private static String uri(JsonNode endpoint, Map<String, String> overrides) {
        Map<String, String> props = new LinkedHashMap<>();
        endpoint.path("properties").fields().forEachRemaining(p -> props.put(p.getKey(), p.getValue().asText()));
        props.replaceAll((k, v) -> overrides.getOrDefault(k, v));
        String query = props.entrySet().stream().map(e -> e.getKey() + "=RAW(" + e.getValue().replace("\"", "\\\"") + ")")
                .collect(Collectors.joining("&"));
        return "kamelet:" + endpoint.at("/ref/name").asText() + (query.isEmpty() ? "" : "?" + query);
    }
}
