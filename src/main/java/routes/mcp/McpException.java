package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A failure that becomes a JSON-RPC error response with a code and a message meant for the
 * client. Messages name what failed (a tool, a backend) and never carry secrets or stack traces.
 */
public class McpException extends RuntimeException {

    private final int code;
    private final transient JsonNode data;

    public McpException(int code, String message) {
        this(code, message, null);
    }

    /** With the error's {@code data} member (a retry hint, ...); null for none. */
    public McpException(int code, String message, JsonNode data) {
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
