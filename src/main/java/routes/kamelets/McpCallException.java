package routes.kamelets;

import com.fasterxml.jackson.databind.JsonNode;

/** An MCP server answered a request with a JSON-RPC error: its code and message, as the server wrote them. */
public final class McpCallException extends RuntimeException {

    private final int code;

    McpCallException(String method, JsonNode error) {
        super("MCP " + method + " failed: " + error.path("message").asText("(no message)")
                + " (JSON-RPC error " + error.path("code").asInt() + ")");
        this.code = error.path("code").asInt();
    }

    /** The JSON-RPC error code, e.g. -32602 for an unknown tool or bad arguments. */
    public int code() {
        return code;
    }
}
