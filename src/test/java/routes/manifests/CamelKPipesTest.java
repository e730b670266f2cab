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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Pipes of {@code k8s/camel-k/} run as Camel K runs a Pipe (a route from the source Kamelet
 * through the steps to the sink Kamelet, with the Pipe's properties), against the gateway in demo
 * mode: the timer Pipe's log sink logs the forecast of the gateway's weather tool; a POST to the
 * webhook Pipe becomes a note. Only the URL (the cluster's Service) and the timer's pace are
 * changed for the test.
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

    /**
     * The webhook Pipe needs an HTTP server (platform-http): it runs in the gateway itself, as an
     * added route file of the override folder; a POST to its path becomes a note.
     */
    @Test
    void theWebhookPipeTurnsAPostIntoAToolCall() throws Exception {
        JsonNode pipe = YAML.readTree(Path.of("k8s/camel-k/pipe-webhook-mcp-tool.yaml").toFile());
        Path overrides = Files.createTempDirectory("caravan-routes");
        Path file = overrides.resolve("webhook-pipe.yaml");
        try (GatewayHarness gateway = GatewayHarness.start(null, Map.of("caravan.routes.override-dir", overrides.toString(),
                "caravan.routes.reload-interval", "200"))) {
            Files.writeString(file, asRoute(pipe, Map.of("url", gateway.mcpUrl())));
            String path = "/" + pipe.at("/spec/source/properties/subpath").asText();
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest post = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"from the webhook\",\"text\":\"x\"}")).build();
            // the catalog and the added route come up shortly after start
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 && r.body().contains("from the webhook");
            });
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(overrides);
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
