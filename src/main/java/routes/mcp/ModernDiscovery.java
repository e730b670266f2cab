package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import routes.protocol.Json;
import routes.protocol.JsonRpc;
import routes.protocol.ProtocolVersions;

/**
 * server/discover (2026-07-28): the versions the front door speaks, the gateway's capabilities
 * and who it is. A stateless client's counterpart of initialize, without the session. The caching
 * hints and serverInfo are added by {@link ModernResponseWriter}, as for every result.
 */
public final class ModernDiscovery {

    private final String instructions;

    public ModernDiscovery(String instructions) {
        this.instructions = instructions;
    }

    public void discover(Exchange exchange) {
        JsonNode msg = McpExchange.message(exchange);
        ObjectNode result = Json.object();
        ProtocolVersions.ALL.forEach(result.putArray("supportedVersions")::add);
        result.set("capabilities", capabilities());
        if (instructions != null && !instructions.isBlank()) {
            result.put("instructions", instructions);
        }
        exchange.getMessage().setBody(JsonRpc.result(msg.get("id"), result));
    }

    /** What the gateway serves to a stateless client: list changes arrive on subscriptions/listen. */
    static ObjectNode capabilities() {
        ObjectNode caps = Json.object();
        caps.putObject("tools").put("listChanged", true);
        caps.putObject("resources").put("listChanged", true);
        caps.putObject("prompts").put("listChanged", true);
        caps.putObject("logging");
        caps.putObject("completions");
        return caps;
    }
}
