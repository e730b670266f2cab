package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.protocol.Json;

import java.util.function.Supplier;

/**
 * What a backend session tells its backend about the client it works for: the capabilities it
 * declares in initialize, and the log level the client chose (applied after initialize).
 *
 * @param capabilities the client capabilities a backend may use through the gateway
 * @param logLevel     the client's logging/setLevel, read when the session starts; null = never set
 */
public record ClientProfile(ObjectNode capabilities, Supplier<String> logLevel) {

    /** The gateway's own probes: no client capabilities, the backend's log level. */
    public static final ClientProfile GATEWAY = new ClientProfile(Json.object(), () -> null);

    /**
     * The catalog's sessions: as a client that can do everything the gateway relays, so the catalog
     * holds every tool a backend offers some client (server-everything offers its sampling,
     * elicitation and roots tools only to clients that declare them). A client that cannot use
     * one of those tools gets the backend's own error when it calls it. The catalog session never
     * calls a tool, so a backend has nothing to ask it while answering.
     */
    public static final ClientProfile CATALOG = new ClientProfile(relayable(Json.MAPPER.createObjectNode()
            .<ObjectNode>set("sampling", Json.object())
            .<ObjectNode>set("elicitation", Json.object())
            .set("roots", Json.object().put("listChanged", false))), () -> null);

    /**
     * The capabilities the gateway can relay for a client that declared {@code declared}: sampling,
     * elicitation and roots, as the client declared them; nothing else (experimental and unknown
     * capabilities describe the client's link with the gateway, not with the backend).
     */
    public static ObjectNode relayable(JsonNode declared) {
        ObjectNode caps = Json.object();
        if (declared != null && declared.isObject()) {
            for (String name : new String[] {"sampling", "elicitation", "roots"}) {
                JsonNode c = declared.get(name);
                if (c != null && c.isObject()) {
                    caps.set(name, c.deepCopy());
                }
            }
        }
        return caps;
    }
}
