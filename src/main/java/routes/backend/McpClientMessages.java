package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.BackendException;
import routes.kernel.BackendRpcException;
import routes.kernel.BackendSpec;
import routes.protocol.Json;
import routes.protocol.JsonRpc;
import routes.protocol.ProtocolVersions;

/** The MCP client messages both backend transports send and read the same way. */
final class McpClientMessages {

    private McpClientMessages() {
    }

    /**
     * The initialize params: the newest revision we speak (the backend answers what it speaks), and
     * the capabilities of the client the session works for, so a backend offers what it would offer
     * that client directly (server-everything lists more tools to a client that can sample).
     */
    static ObjectNode initializeParams(JsonNode clientCapabilities) {
        ObjectNode params = Json.object().put("protocolVersion", ProtocolVersions.LATEST);
        params.set("capabilities", clientCapabilities == null ? Json.object() : clientCapabilities.deepCopy());
        params.putObject("clientInfo").put("name", "caravan").put("version", Caravan.VERSION);
        return params;
    }

    /** The state an initialize result settles. */
    static BackendSession.State state(String sessionId, JsonNode initializeResult) {
        String version = initializeResult.path("protocolVersion").asText(ProtocolVersions.ASSUMED_WHEN_MISSING);
        return new BackendSession.State(sessionId, version, initializeResult.path("capabilities"),
                initializeResult.path("serverInfo"));
    }

    /** The result of a JSON-RPC response; an error response becomes a BackendRpcException. */
    static JsonNode result(BackendSpec spec, JsonNode response, String method) {
        if (response == null) {
            throw new BackendException(spec.name(), "sent no answer to " + method);
        }
        if (response.has("error")) {
            JsonNode err = response.get("error");
            throw new BackendRpcException(spec.name(), err.path("code").asInt(JsonRpc.INTERNAL_ERROR),
                    err.path("message").asText("error"), err.get("data"));
        }
        return response.get("result");
    }

    static JsonNode id(long value) {
        return Json.MAPPER.getNodeFactory().numberNode(value);
    }
}
