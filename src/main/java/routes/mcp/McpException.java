package routes.mcp;

/**
 * A failure that becomes a JSON-RPC error response with a code and a message meant for the
 * client. Messages name what failed (a tool, a backend) and never carry secrets or stack traces.
 */
public class McpException extends RuntimeException {

    private final int code;

    public McpException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
