package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import routes.protocol.Json;
import routes.protocol.JsonRpc;
import routes.protocol.ProtocolVersions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a POST body into one JSON-RPC message (the body) or a 2025-03-26 batch (the
 * {@link McpExchange#BATCH} property), and finds the session: initialize needs none, everything
 * else needs a live one. Malformed JSON is -32700, a message that is not JSON-RPC is -32600, both
 * with HTTP 400, and nothing changes.
 */
public final class McpRequestDecoder implements Processor {

    private final SessionStore sessions;

    public McpRequestDecoder(SessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        JsonNode body;
        try {
            byte[] raw = in.getBody(byte[].class);
            body = raw == null || raw.length == 0 ? null : Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            HttpReply.reject(exchange, 400, JsonRpc.PARSE_ERROR, "Parse error: the body is not valid JSON");
            return;
        }
        if (body == null) {
            HttpReply.reject(exchange, 400, JsonRpc.INVALID_REQUEST, "Invalid Request: empty body");
            return;
        }
        if (body.isArray()) {
            decodeBatch(exchange, in, body);
            return;
        }
        String problem = invalid(body);
        if (problem != null) {
            HttpReply.reject(exchange, 400, JsonRpc.INVALID_REQUEST, "Invalid Request: " + problem, readableId(body));
            return;
        }
        if (ModernRequest.applies(in, body)) {
            // 2026-07-28: no session; mcp-modern checks the rest
            exchange.setProperty(ModernRequest.MODERN, true);
            in.setBody(body);
            return;
        }
        if (isInitialize(body)) {
            in.setBody(body);
            return;
        }
        McpSession session = McpTransportGuard.resolveSession(exchange, in, sessions, readableId(body));
        if (session != null) {
            exchange.setProperty(McpExchange.SESSION, session);
            in.setBody(body);
        }
    }

    /** The message's id when it is one JSON-RPC allows (a string or an integer), else null. */
    private static JsonNode readableId(JsonNode message) {
        JsonNode id = message.isObject() ? message.get("id") : null;
        return id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    }

    private void decodeBatch(Exchange exchange, Message in, JsonNode body) {
        if (body.isEmpty()) {
            HttpReply.reject(exchange, 400, JsonRpc.INVALID_REQUEST, "Invalid Request: empty batch");
            return;
        }
        List<JsonNode> messages = new ArrayList<>(body.size());
        for (JsonNode m : body) {
            String problem = invalid(m);
            if (problem != null) {
                HttpReply.reject(exchange, 400, JsonRpc.INVALID_REQUEST, "Invalid Request: batch element " + problem);
                return;
            }
            if (isInitialize(m)) {
                HttpReply.reject(exchange, 400, JsonRpc.INVALID_REQUEST, "Invalid Request: initialize must not be part of a batch");
                return;
            }
            messages.add(m);
        }
        McpSession session = McpTransportGuard.resolveSession(exchange, in, sessions, null);
        if (session == null) {
            return;
        }
        if (!ProtocolVersions.allowsBatch(session.protocolVersion())) {
            HttpReply.reject(exchange, 400, JsonRpc.INVALID_REQUEST, "Invalid Request: JSON-RPC batches are not allowed in protocol "
                    + session.protocolVersion() + " (only 2025-03-26)");
            return;
        }
        exchange.setProperty(McpExchange.SESSION, session);
        exchange.setProperty(McpExchange.BATCH, messages);
        in.setBody(null);
    }

    private static boolean isInitialize(JsonNode m) {
        return "initialize".equals(m.path("method").asText(null));
    }

    /** Why this is not a JSON-RPC 2.0 message, or null when it is one. */
    static String invalid(JsonNode m) {
        if (!m.isObject()) {
            return "a message must be a JSON object";
        }
        if (!"2.0".equals(m.path("jsonrpc").asText(null))) {
            return "\"jsonrpc\" must be \"2.0\"";
        }
        JsonNode id = m.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
            return "\"id\" must be a string or an integer";
        }
        JsonNode method = m.get("method");
        if (method != null) {
            if (!method.isTextual() || method.asText().isEmpty()) {
                return "\"method\" must be a non-empty string";
            }
            JsonNode params = m.get("params");
            if (params != null && !params.isObject() && !params.isNull()) {
                return "\"params\" must be an object";
            }
            return null;
        }
        if (id != null && (m.has("result") || m.has("error"))) {
            return null;
        }
        return "neither a request, a notification nor a response";
    }
}
