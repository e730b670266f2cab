package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import routes.backend.BackendClient;
import routes.kernel.CallerIdentity;
import routes.protocol.Json;
import routes.protocol.JsonRpc;
import routes.protocol.ProtocolVersions;

import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The methods the gateway answers itself: initialize, ping, logging/setLevel (passed on to the
 * client's own backend sessions), and unknown methods. Each reads the JSON-RPC message from the body
 * and leaves the reply (or null for nothing to answer) in the body.
 */
public final class McpLifecycle {

    private static final Set<String> LOG_LEVELS =
            Set.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

    private final SessionStore sessions;
    private final BackendClient client;
    private final BooleanSupplier subscriptions;
    private final String serverName;
    private final String serverVersion;
    private final String instructions;

    /**
     * @param client        where a client's log level goes (its own backend sessions)
     * @param subscriptions whether some backend lets clients subscribe to resources now
     */
    public McpLifecycle(SessionStore sessions, BackendClient client, BooleanSupplier subscriptions, String serverName,
                        String serverVersion, String instructions) {
        this.sessions = sessions;
        this.client = client;
        this.subscriptions = subscriptions;
        this.serverName = serverName;
        this.serverVersion = serverVersion;
        this.instructions = instructions;
    }

    public void initialize(Exchange exchange) {
        JsonNode msg = McpExchange.message(exchange);
        JsonNode params = msg.path("params");
        JsonNode requested = params.get("protocolVersion");
        if (requested == null || !requested.isTextual()) {
            throw new McpException(JsonRpc.INVALID_PARAMS, "initialize needs params.protocolVersion (a string)");
        }
        String version = ProtocolVersions.negotiate(requested.asText());
        McpSession session = sessions.create(version, params.path("clientInfo"), params.path("capabilities"),
                McpTransportGuard.principal(exchange));
        if (session == null) {
            throw new McpException(JsonRpc.INTERNAL_ERROR, "the gateway has too many open sessions; try again later");
        }
        exchange.setProperty(McpExchange.SESSION, session);
        ObjectNode result = Json.object().put("protocolVersion", version);
        ObjectNode caps = result.putObject("capabilities");
        caps.putObject("tools").put("listChanged", true);
        caps.putObject("resources").put("listChanged", true).put("subscribe", subscriptions.getAsBoolean());
        caps.putObject("prompts").put("listChanged", true);
        caps.putObject("logging");
        caps.putObject("completions");
        result.putObject("serverInfo").put("name", serverName).put("version", serverVersion);
        if (instructions != null && !instructions.isBlank()) {
            result.put("instructions", instructions);
        }
        exchange.getMessage().setBody(JsonRpc.result(msg.get("id"), result));
    }

    public void ping(Exchange exchange) {
        exchange.getMessage().setBody(JsonRpc.result(McpExchange.message(exchange).get("id"), Json.object()));
    }

    public void setLevel(Exchange exchange) {
        JsonNode msg = McpExchange.message(exchange);
        String level = msg.path("params").path("level").asText("");
        if (!LOG_LEVELS.contains(level)) {
            throw new McpException(JsonRpc.INVALID_PARAMS, "logging/setLevel needs params.level, one of " + LOG_LEVELS);
        }
        McpSession session = McpExchange.session(exchange);
        session.logLevel(level);
        // the level reaches this client's backend sessions only; other clients keep theirs
        client.logLevel(session.id(), exchange.getProperty(CallerIdentity.PROPERTY, CallerIdentity.class), level);
        exchange.getMessage().setBody(JsonRpc.result(msg.get("id"), Json.object()));
    }

    public void unknownMethod(Exchange exchange) {
        JsonNode msg = McpExchange.message(exchange);
        if (!msg.has("id")) {
            exchange.getMessage().setBody(null);
            return;
        }
        throw new McpException(JsonRpc.METHOD_NOT_FOUND, "Method not found: " + msg.path("method").asText());
    }
}
