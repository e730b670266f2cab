package routes.demo;

import org.apache.camel.builder.RouteBuilder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Two built-in MCP servers, "weather" and "notes", that the gateway fronts when it has no
 * configuration. They run as netty-http routes on their own port (property
 * {@code caravan.demo.port}, default 8081, loopback only) so that the gateway reaches them
 * over real HTTP and their requests never compete with the gateway's own HTTP worker pool.
 * Routes {@code demo-backend-<name>} serve {@code http://127.0.0.1:<port>/<name>/mcp}.
 */
public final class DemoBackends extends RouteBuilder {

    public static final String PORT_PROPERTY = "caravan.demo.port";
    public static final int DEFAULT_PORT = 8081;
    public static final String HOST = "127.0.0.1";
    /** The demo servers, in the order their routes are created. */
    public static final List<String> NAMES = List.of("weather", "notes");

    private final Map<String, McpServerEngine> engines = new LinkedHashMap<>();

    /** The demo servers as they name their own tools (no gateway in front). */
    public DemoBackends() {
        this((backend, tool) -> tool);
    }

    /**
     * @param toolName how a client in front of the gateway calls a demo backend's tool (backend name,
     *                 the backend's own tool name): the prompts and instructions use that name
     */
    public DemoBackends(BinaryOperator<String> toolName) {
        engines.put(NAMES.get(0), new McpServerEngine(WeatherDemo.definition(tool -> toolName.apply(NAMES.get(0), tool))));
        engines.put(NAMES.get(1), new McpServerEngine(new NotesDemo().definition(tool -> toolName.apply(NAMES.get(1), tool))));
    }

    /** The demo servers by name, in a stable order. */
    public Map<String, McpServerEngine> engines() {
        return Collections.unmodifiableMap(engines);
    }

    /** The MCP endpoint of one demo backend, for building the gateway's backend list. */
    public static String endpointUrl(int port, String name) {
        return "http://" + HOST + ":" + port + "/" + name + "/mcp";
    }

    @Override
    public void configure() {
        for (Map.Entry<String, McpServerEngine> demo : engines.entrySet()) {
            from("netty-http:http://" + HOST + ":{{" + PORT_PROPERTY + ":" + DEFAULT_PORT + "}}/"
                    + demo.getKey() + "/mcp?" + McpNettyHeaderFilter.ENDPOINT_OPTION)
                    .routeId("demo-backend-" + demo.getKey())
                    .process(demo.getValue());
        }
    }
}
