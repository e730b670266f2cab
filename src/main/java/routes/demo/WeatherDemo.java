package routes.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The "weather" demo backend: made-up but stable forecasts for a few cities, so that a demo
 * and a test see the same answer every time and nothing reaches the network.
 */
public final class WeatherDemo {

    static final List<String> CITIES = List.of("Amsterdam", "Berlin", "Lisbon", "Oslo", "Paris", "Tokyo");
    private static final List<String> SKIES = List.of("sunny", "partly cloudy", "cloudy", "light rain", "windy");
    private static final int MAX_DAYS = 5;

    private WeatherDemo() {
    }

    /** The server as it names its own tools (run on its own, without a gateway in front). */
    public static McpServerDefinition definition() {
        return definition(UnaryOperator.identity());
    }

    /**
     * @param toolName how a client calls one of this server's tools, by the server's own name for it:
     *                 through a gateway that prefixes names, the prompts must say the prefixed name
     */
    public static McpServerDefinition definition(UnaryOperator<String> toolName) {
        return McpServerDefinition.builder("weather")
                .version("1.0.0")
                .instructions("Demo weather server: forecasts for " + String.join(", ", CITIES) + ".")
                .tool("get_forecast", "Daily forecast (1-" + MAX_DAYS + " days) for a city; reports progress per day.",
                        InputSchema.object()
                                .string("city", "City name, e.g. Lisbon", true)
                                .integer("days", "Number of days, 1-" + MAX_DAYS + " (default 3)", false)
                                .build(),
                        WeatherDemo::forecastTool)
                .tool("echo", "Echoes the message back, tagged with this server's name.",
                        InputSchema.object().string("message", "Text to echo", true).build(),
                        args -> ToolResult.text("weather echo: " + ToolDefinition.requireText(args, "message")))
                .resource("weather://cities", "Known cities", "text/plain", String.join("\n", CITIES))
                .resourceTemplate(new ResourceTemplateDefinition("weather://forecast/{city}", "City forecast",
                        "Three-day forecast of one city as text", "text/plain",
                        values -> knownCity(values.get("city")) ? forecastText(canonical(values.get("city")), 3) : null,
                        Map.of("city", CITIES)))
                .prompt("plan_outing", "Plan an outing around the forecast of a city.",
                        List.of(PromptDefinition.Argument.required("city", "City to plan in")
                                        .withCompletions(CITIES.toArray(String[]::new)),
                                PromptDefinition.Argument.optional("activity", "What to do, e.g. cycling")),
                        PromptDefinition.Message.user("Look up the forecast for {city} with the tool "
                                + toolName.apply("get_forecast") + ", then suggest the best day to be outdoors and what to bring."),
                        PromptDefinition.Message.user("The planned activity is {activity}: choose the day that suits it best.")
                                .ifGiven("activity", null))
                .build();
    }

    private static ToolResult forecastTool(com.fasterxml.jackson.databind.JsonNode args, ToolCallContext context) {
        String city = ToolDefinition.requireText(args, "city");
        if (!knownCity(city)) {
            return ToolResult.error("unknown city '" + city + "'; known cities: " + String.join(", ", CITIES));
        }
        int days = args.path("days").asInt(3);
        if (days < 1 || days > MAX_DAYS) {
            return ToolResult.error("days must be between 1 and " + MAX_DAYS);
        }
        String name = canonical(city);
        ObjectNode structured = JsonNodeFactory.instance.objectNode().put("city", name);
        var list = structured.putArray("days");
        for (int day = 1; day <= days; day++) {
            context.progress(day, (double) days, "day " + day + " of " + days);
            list.addObject().put("day", day).put("sky", sky(name, day)).put("highC", high(name, day));
        }
        context.log("info", "forecast for " + name + " over " + days + " days");
        return ToolResult.structured(forecastText(name, days), structured);
    }

    static String forecastText(String city, int days) {
        StringBuilder text = new StringBuilder("Forecast for ").append(city).append(':');
        for (int day = 1; day <= days; day++) {
            text.append("\nday ").append(day).append(": ").append(sky(city, day))
                    .append(", high ").append(high(city, day)).append(" C");
        }
        return text.toString();
    }

    // String.hashCode is specified by the JLS, so these values never change between runs.
    private static String sky(String city, int day) {
        return SKIES.get(Math.floorMod((city + "/sky/" + day).hashCode(), SKIES.size()));
    }

    private static int high(String city, int day) {
        return 8 + Math.floorMod((city + "/high/" + day).hashCode(), 20);
    }

    private static boolean knownCity(String city) {
        return city != null && CITIES.stream().anyMatch(c -> c.equalsIgnoreCase(city));
    }

    private static String canonical(String city) {
        return CITIES.stream().filter(c -> c.toLowerCase(Locale.ROOT).equals(city.toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow();
    }
}
