package routes.demo;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON-RPC error that a method handler raises; the engine turns it into the error member of
 * the response. Codes are those of JSON-RPC 2.0 and MCP.
 */
public final class McpError extends RuntimeException {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** MCP 2025-11-25 server/resources: resource not found. */
    public static final int RESOURCE_NOT_FOUND = -32002;

    private final int code;
    private final transient JsonNode data;

    public McpError(int code, String message) {
        this(code, message, null);
    }

    public McpError(int code, String message, JsonNode data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    public int code() {
        return code;
    }

    public JsonNode data() {
        return data;
    }
}
