package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.catalog.Catalog;
import routes.catalog.CatalogEntry;
import routes.catalog.CatalogStore;
import routes.kernel.BackendSpec;
import routes.protocol.JsonRpc;
import routes.registry.BackendRegistry;

/**
 * Finds the backend that owns what a forwarded request names (a tool, a prompt, a resource or a
 * completion reference) and rewrites the advertised name back to the backend's own. Unknown
 * names are invalid params (-32602); unknown resources are -32002.
 *
 * <p>Leaves {@link #BACKEND} and {@link #PARAMS} (the params to send, a copy: the client's
 * message is never changed).
 */
public final class McpBackendTarget implements Processor {

    /** {@link BackendSpec}: where the request goes. */
    public static final String BACKEND = "mcpBackend";
    /** ObjectNode: the params as the backend must see them. */
    public static final String PARAMS = "mcpBackendParams";

    private final CatalogStore catalogs;
    private final BackendRegistry registry;

    public McpBackendTarget(CatalogStore catalogs, BackendRegistry registry) {
        this.catalogs = catalogs;
        this.registry = registry;
    }

    @Override
    public void process(Exchange exchange) {
        JsonNode msg = McpExchange.message(exchange);
        String method = msg.path("method").asText();
        JsonNode params = msg.get("params");
        if (params == null || !params.isObject()) {
            throw new McpException(JsonRpc.INVALID_PARAMS, method + " needs params");
        }
        ObjectNode out = ((ObjectNode) params).deepCopy();
        CatalogEntry entry;
        try {
            entry = target(method, out, catalogs.catalog());
        } catch (McpException unknown) {
            // a withheld (unhealthy, unauthenticated) backend's names are not advertised, but a
            // call to one is told why it is refused; mcpBackendCall refuses it
            entry = withheld(method, out).orElseThrow(() -> unknown);
        }
        BackendSpec spec = registry.get(entry.backend());
        if (spec == null) {
            throw new McpException(JsonRpc.INVALID_PARAMS, "backend '" + entry.backend() + "' is no longer configured");
        }
        exchange.setProperty(BACKEND, spec);
        exchange.setProperty(PARAMS, out);
    }

    private static CatalogEntry target(String method, ObjectNode params, Catalog catalog) {
        return switch (method) {
            case "tools/call" -> rename(params, "name", catalog::tool, "tool");
            case "prompts/get" -> rename(params, "name", catalog::prompt, "prompt");
            case "resources/read", "resources/subscribe", "resources/unsubscribe" -> resource(params, catalog);
            default -> completionTarget(params, catalog);
        };
    }

    private java.util.Optional<CatalogEntry> withheld(String method, ObjectNode params) {
        try {
            return java.util.Optional.of(target(method, params, catalogs.unfiltered()));
        } catch (McpException stillUnknown) {
            return java.util.Optional.empty();
        }
    }

    private static CatalogEntry rename(ObjectNode params, String field, java.util.function.Function<String, java.util.Optional<CatalogEntry>> lookup,
                                        String kind) {
        JsonNode name = params.get(field);
        if (name == null || !name.isTextual()) {
            throw new McpException(JsonRpc.INVALID_PARAMS, "params." + field + " (the " + kind + " name) is required");
        }
        CatalogEntry entry = lookup.apply(name.asText()).orElse(null);
        if (entry == null) {
            throw new McpException(JsonRpc.INVALID_PARAMS, "Unknown " + kind + ": " + name.asText());
        }
        params.put(field, entry.originalName());
        return entry;
    }

    private static CatalogEntry resource(ObjectNode params, Catalog catalog) {
        JsonNode uri = params.get("uri");
        if (uri == null || !uri.isTextual()) {
            throw new McpException(JsonRpc.INVALID_PARAMS, "params.uri is required");
        }
        CatalogEntry entry = UriTemplates.owner(catalog, uri.asText());
        if (entry == null) {
            throw new McpException(JsonRpc.RESOURCE_NOT_FOUND, "Resource not found: " + uri.asText());
        }
        return entry;
    }

    private static CatalogEntry completionTarget(ObjectNode params, Catalog catalog) {
        JsonNode ref = params.get("ref");
        if (ref == null || !ref.isObject()) {
            throw new McpException(JsonRpc.INVALID_PARAMS, "completion/complete needs params.ref");
        }
        ObjectNode r = (ObjectNode) ref;
        return switch (r.path("type").asText()) {
            case "ref/prompt" -> rename(r, "name", catalog::prompt, "prompt");
            case "ref/resource" -> {
                CatalogEntry e = UriTemplates.owner(catalog, r.path("uri").asText());
                if (e == null) {
                    throw new McpException(JsonRpc.INVALID_PARAMS, "Unknown resource or template: " + r.path("uri").asText());
                }
                yield e;
            }
            default -> throw new McpException(JsonRpc.INVALID_PARAMS, "params.ref.type must be ref/prompt or ref/resource");
        };
    }
}
