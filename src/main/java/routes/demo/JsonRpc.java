package routes.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds JSON-RPC 2.0 messages and classifies incoming ones. */
final class JsonRpc {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonRpc() {
    }

    static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode response = NODES.objectNode().put("jsonrpc", "2.0");
        response.set("id", id);
        response.set("result", result);
        return response;
    }

    /** An error response; {@code id} is null when the request could not be identified. */
    static ObjectNode error(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode response = NODES.objectNode().put("jsonrpc", "2.0");
        response.set("id", id == null ? NullNode.getInstance() : id);
        ObjectNode error = response.putObject("error").put("code", code).put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        return response;
    }

    static ObjectNode notification(String method, ObjectNode params) {
        ObjectNode notification = NODES.objectNode().put("jsonrpc", "2.0").put("method", method);
        notification.set("params", params);
        return notification;
    }

    /** A request has a method and an id; a notification has a method and no id. */
    static boolean isRequest(JsonNode message) {
        return message.hasNonNull("method") && message.has("id");
    }

    static boolean isNotification(JsonNode message) {
        return message.hasNonNull("method") && !message.has("id");
    }

    /** A client's answer to a server request (we never send any, but must accept them). */
    static boolean isResponse(JsonNode message) {
        return !message.has("method") && message.has("id") && (message.has("result") || message.has("error"));
    }

    /** The envelope checks of JSON-RPC 2.0 that apply to every message. */
    static boolean isWellFormed(JsonNode message) {
        if (!message.isObject() || !"2.0".equals(message.path("jsonrpc").asText())) {
            return false;
        }
        JsonNode id = message.get("id");
        boolean idOk = id == null || id.isTextual() || id.isIntegralNumber();
        boolean methodOk = !message.has("method") || message.get("method").isTextual();
        return idOk && methodOk && (isRequest(message) || isNotification(message) || isResponse(message));
    }
}
