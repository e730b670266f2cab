package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.kernel.BackendSpec;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

import java.util.Set;

/**
 * Last step of a 2026-07-28 POST: gives the reply the shape that revision asks for and sends it,
 * never with an Mcp-Session-Id. Every result gets {@code resultType} (a backend's own, such as
 * {@code input_required}, is kept) and the gateway's serverInfo in {@code _meta}; the cacheable
 * results get {@code ttlMs}/{@code cacheScope}: the aggregated lists and discovery are the same
 * for every caller ("public", for the configured time), a read resource is the backend's to judge
 * (its hints, else "private" and 0). Errors keep the request's id; -32601 is HTTP 404 and the
 * 2026 request errors (-32020..-32022) are 400. A resource read's not-found becomes -32602, as
 * 2026-07-28 spells it. A backend's {@code input_required} result reaches the client with its
 * {@code requestState} in the gateway's signed envelope ({@link RequestStates}).
 */
public final class ModernResponseWriter implements Processor {

    static final String SERVER_INFO_KEY = "io.modelcontextprotocol/serverInfo";
    private static final Set<String> SHARED_CACHEABLE = Set.of("server/discover", "tools/list", "prompts/list",
            "resources/list", "resources/templates/list");

    private final long listTtlMillis;
    private final ObjectNode serverInfo;
    private final RequestStates states;

    public ModernResponseWriter(long listTtlMillis, String serverName, String serverVersion, RequestStates states) {
        this.states = states;
        if (listTtlMillis < 0) {
            throw new IllegalArgumentException("caravan.modern.list-ttl must be 0 or more, was " + listTtlMillis);
        }
        this.listTtlMillis = listTtlMillis;
        this.serverInfo = Json.object().put("name", serverName).put("version", serverVersion);
    }

    @Override
    public void process(Exchange exchange) {
        JsonNode reply = exchange.getMessage().getBody(JsonNode.class);
        String method = exchange.getProperty(McpExchange.METHOD, String.class);
        int status = 200;
        if (reply != null && reply.path("result").isObject()) {
            ObjectNode result = (ObjectNode) reply.get("result");
            BackendSpec backend = exchange.getProperty(McpBackendTarget.BACKEND, BackendSpec.class);
            if (backend != null && "input_required".equals(result.path("resultType").asText())
                    && result.path("requestState").isTextual()) {
                // the client's retry must come back to this backend, with this state
                result.put("requestState", states.wrap(backend.name(), result.get("requestState").asText()));
            }
            shape(result, method);
            if (Boolean.TRUE.equals(exchange.getProperty(McpCatalogListing.FILTERED, Boolean.class))) {
                result.put("cacheScope", "private"); // filtered for this caller: not the same for everyone
            }
        } else if (reply != null && reply.path("error").isObject()) {
            status = errorStatus((ObjectNode) reply.get("error"), method, exchange.getProperty(ModernRequest.NAME, String.class));
            if (Boolean.TRUE.equals(exchange.getProperty(McpAuthorization.DENIED, Boolean.class))) {
                status = 403;
            }
        }
        ClientStream stream = exchange.getProperty(McpExchange.STREAM, ClientStream.class);
        if (stream != null) {
            if (reply != null) {
                stream.send(reply);
            }
            stream.end();
            exchange.getMessage().getHeaders().clear();
            exchange.getMessage().setBody(null);
        } else if (reply == null) {
            HttpReply.empty(exchange, 202, null);
        } else if (!HttpReply.rateLimited(exchange, reply, null)) {
            HttpReply.json(exchange, status, reply, null);
        }
    }

    /** Adds what every 2026-07-28 result carries, without overwriting what the result already says. */
    void shape(ObjectNode result, String method) {
        if (!result.hasNonNull("resultType")) {
            result.put("resultType", "complete");
        }
        JsonNode meta = result.get("_meta");
        ObjectNode m = meta instanceof ObjectNode o ? o : result.putObject("_meta");
        m.set(SERVER_INFO_KEY, serverInfo.deepCopy());
        if (!"complete".equals(result.get("resultType").asText())) {
            return; // interim results are not cacheable
        }
        if (SHARED_CACHEABLE.contains(method)) {
            result.put("ttlMs", listTtlMillis);
            result.put("cacheScope", "public");
        } else if ("resources/read".equals(method)) {
            JsonNode ttl = result.get("ttlMs");
            if (ttl == null || !ttl.canConvertToLong() || ttl.asLong() < 0) {
                result.put("ttlMs", 0);
            }
            String scope = result.path("cacheScope").asText("");
            if (!scope.equals("public") && !scope.equals("private")) {
                result.put("cacheScope", "private");
            }
        }
    }

    private static int errorStatus(ObjectNode error, String method, String name) {
        int code = error.path("code").asInt();
        if (code == JsonRpc.RESOURCE_NOT_FOUND && "resources/read".equals(method)) {
            error.put("code", JsonRpc.INVALID_PARAMS);
            code = JsonRpc.INVALID_PARAMS;
            if (!error.has("data") && name != null) {
                error.putObject("data").put("uri", name);
            }
        }
        if (code == JsonRpc.METHOD_NOT_FOUND) {
            return 404;
        }
        if (code == JsonRpc.HEADER_MISMATCH || code == JsonRpc.MISSING_CLIENT_CAPABILITY
                || code == JsonRpc.UNSUPPORTED_PROTOCOL_VERSION) {
            return 400;
        }
        return 200;
    }
}
