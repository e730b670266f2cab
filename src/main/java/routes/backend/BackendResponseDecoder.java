package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import routes.mcp.Json;
import routes.mcp.JsonRpc;
import routes.mcp.SseReader;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a backend's HTTP answer into a {@link BackendReply}: a JSON body, or an SSE stream read
 * event by event, where every message before the response goes to the request's message sink in
 * order (progress, logging, list_changed). Bodies are capped; garbage becomes a clear error.
 *
 * <p>Reads the camel-http response and {@link OutboundRequest#PROPERTY}; leaves a BackendReply body.
 */
public final class BackendResponseDecoder implements Processor {

    private final long maxResponseBytes;

    public BackendResponseDecoder(long maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        OutboundRequest req = exchange.getProperty(OutboundRequest.PROPERTY, OutboundRequest.class);
        Message msg = exchange.getMessage();
        int status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String sessionId = header(msg, "Mcp-Session-Id");
        String retryAfter = header(msg, "Retry-After");
        String contentType = header(msg, Exchange.CONTENT_TYPE);
        JsonNode message = null;
        try (InputStream body = msg.getBody(InputStream.class)) {
            if (status >= 200 && status < 300 && body != null) {
                String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
                if (type.startsWith("text/event-stream")) {
                    message = readStream(req, body);
                } else if (type.startsWith("application/json")) {
                    message = readJson(req, body);
                } else if (status != 202 && body.read() != -1) {
                    throw new BackendException(req.backend().name(),
                            "answered with content type '" + contentType + "', not JSON or an event stream", status, null, null);
                }
            }
        }
        msg.getHeaders().clear();
        msg.setBody(new BackendReply(status, sessionId, retryAfter, message));
    }

    private JsonNode readJson(OutboundRequest req, InputStream body) throws IOException {
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
        if (bytes.length > maxResponseBytes) {
            throw new BackendException(req.backend().name(), "answered more than " + maxResponseBytes + " bytes");
        }
        if (bytes.length == 0) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new BackendException(req.backend().name(), "answered with malformed JSON");
        }
        if (node.isObject() && JsonRpc.isResponse(node)) {
            return node;
        }
        if (node.isArray()) {
            // a 2025-03-26 server may answer in a batch: deliver the others, keep ours
            JsonNode mine = null;
            for (JsonNode m : node) {
                if (JsonRpc.isResponse(m) && JsonRpc.sameId(m.get("id"), req.requestId())) {
                    mine = m;
                } else if (req.messageSink() != null) {
                    req.messageSink().accept(m);
                }
            }
            if (mine != null) {
                return mine;
            }
        }
        throw new BackendException(req.backend().name(), "answered with JSON that is not a JSON-RPC response");
    }

    private JsonNode readStream(OutboundRequest req, InputStream body) throws IOException {
        SseReader reader = new SseReader(body, maxResponseBytes);
        SseReader.Event event;
        while ((event = reader.next()) != null) {
            if (!"message".equals(event.event()) || event.data().isBlank()) {
                if (req.readWholeStream() && req.messageSink() != null && "endpoint".equals(event.event())) {
                    req.messageSink().accept(Json.object().put("endpoint", event.data().trim()));
                }
                continue;
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(event.data());
            } catch (IOException e) {
                throw new BackendException(req.backend().name(), "sent an event that is not JSON");
            }
            if (!req.readWholeStream() && JsonRpc.isResponse(node) && JsonRpc.sameId(node.get("id"), req.requestId())) {
                return node;
            }
            if (req.messageSink() != null) {
                req.messageSink().accept(node);
            }
        }
        if (req.readWholeStream()) {
            return null;
        }
        throw new BackendException(req.backend().name(), "closed the event stream before answering");
    }

    private static String header(Message msg, String name) {
        // Camel's header map is case-insensitive, whatever spelling the backend used
        Object v = msg.getHeader(name);
        if (v instanceof java.util.List<?> list) {
            v = list.isEmpty() ? null : list.get(0);
        }
        return v == null ? null : v.toString();
    }
}
