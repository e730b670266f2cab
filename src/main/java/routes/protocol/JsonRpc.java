package routes.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON-RPC 2.0 message shapes and the error codes MCP uses. */
public final class JsonRpc {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** MCP: resource not found (2025-11-25 server/resources). */
    public static final int RESOURCE_NOT_FOUND = -32002;
    /** The client cancelled the request (LSP's code; MCP sends no answer, but HTTP needs one). */
    public static final int REQUEST_CANCELLED = -32800;
    /** MCP 2026-07-28: the mirrored HTTP headers are missing or differ from the body. */
    public static final int HEADER_MISMATCH = -32020;
    /** MCP 2026-07-28: the request needs a client capability the request did not declare. */
    public static final int MISSING_CLIENT_CAPABILITY = -32021;
    /** MCP 2026-07-28: the requested protocol version is not one the server speaks. */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private JsonRpc() {
    }

    public static boolean isRequest(JsonNode msg) {
        return msg.has("method") && msg.has("id");
    }

    public static boolean isNotification(JsonNode msg) {
        return msg.has("method") && !msg.has("id");
    }

    public static boolean isResponse(JsonNode msg) {
        return !msg.has("method") && msg.has("id") && (msg.has("result") || msg.has("error"));
    }

    /** Whether two JSON-RPC ids are the same id (Jackson's int and long nodes are not equal). */
    public static boolean sameId(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.isIntegralNumber() && b.isIntegralNumber() ? a.asLong() == b.asLong() : a.equals(b);
        }
        return a.equals(b);
    }

    public static ObjectNode request(JsonNode id, String method, JsonNode params) {
        ObjectNode n = Json.object().put("jsonrpc", "2.0");
        n.set("id", id);
        n.put("method", method);
        if (params != null && !params.isNull()) {
            n.set("params", params);
        }
        return n;
    }

    public static ObjectNode notification(String method, JsonNode params) {
        ObjectNode n = Json.object().put("jsonrpc", "2.0").put("method", method);
        if (params != null && !params.isNull()) {
            n.set("params", params);
        }
        return n;
    }

    public static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode n = Json.object().put("jsonrpc", "2.0");
        n.set("id", id);
        n.set("result", result);
        return n;
    }

    /** An error response; {@code id} may be null when the request's id could not be read. */
    public static ObjectNode error(JsonNode id, int code, String message) {
        return error(id, code, message, null);
    }

    public static ObjectNode error(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode n = Json.object().put("jsonrpc", "2.0");
        n.set("id", id == null ? Json.MAPPER.nullNode() : id);
        ObjectNode err = n.putObject("error").put("code", code).put("message", message);
        if (data != null) {
            err.set("data", data);
        }
        return n;
    }
}
