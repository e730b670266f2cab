package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.authz.Authorizer;
import routes.authz.Feature;
import routes.catalog.Catalog;
import routes.catalog.CatalogStore;
import routes.kernel.CallerIdentity;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * tools/list, prompts/list, resources/list and resources/templates/list, answered from the
 * aggregated catalog in pages. A cursor is the opaque offset of the next page; a cursor the
 * gateway did not issue is invalid params (-32602). Under an authorization policy each caller sees
 * only what it may use (a resource template counts as its URI template), and the exchange gets
 * {@link #FILTERED} so the 2026-07-28 answer is not marked cacheable for everyone.
 */
public final class McpCatalogListing implements Processor {

    /** Boolean exchange property: the list was filtered for this caller. */
    public static final String FILTERED = "caravanAuthzFiltered";

    private final CatalogStore store;
    private final int pageSize;
    private final Authorizer authorizer;

    public McpCatalogListing(CatalogStore store, int pageSize) {
        this(store, pageSize, new Authorizer());
    }

    public McpCatalogListing(CatalogStore store, int pageSize, Authorizer authorizer) {
        this.authorizer = authorizer;
        if (pageSize < 1) {
            throw new IllegalArgumentException("caravan.list.page-size must be at least 1, was " + pageSize);
        }
        this.store = store;
        this.pageSize = pageSize;
    }

    @Override
    public void process(Exchange exchange) {
        JsonNode msg = McpExchange.message(exchange);
        String method = msg.path("method").asText();
        Catalog catalog = store.catalog();
        List<ObjectNode> items;
        String field;
        Feature feature;
        String nameField;
        switch (method) {
            case "tools/list" -> { items = catalog.toolDefinitions(); field = "tools"; feature = Feature.TOOL; nameField = "name"; }
            case "prompts/list" -> { items = catalog.promptDefinitions(); field = "prompts"; feature = Feature.PROMPT; nameField = "name"; }
            case "resources/list" -> { items = catalog.resourceDefinitions(); field = "resources"; feature = Feature.RESOURCE; nameField = "uri"; }
            default -> { items = catalog.resourceTemplateDefinitions(); field = "resourceTemplates"; feature = Feature.RESOURCE;
                nameField = "uriTemplate"; }
        }
        if (authorizer.active()) {
            CallerIdentity caller = exchange.getProperty(CallerIdentity.PROPERTY, CallerIdentity.class);
            items = authorizer.visible(caller == null ? CallerIdentity.anonymous(null, null) : caller, method, feature,
                    nameField, catalog.version(), items);
            exchange.setProperty(FILTERED, Boolean.TRUE);
        }
        int from = offset(msg.path("params").get("cursor"), items.size());
        int to = Math.min(items.size(), from + pageSize);
        ObjectNode result = Json.object();
        ArrayNode page = result.putArray(field);
        page.addAll(items.subList(from, to));
        if (to < items.size()) {
            result.put("nextCursor", cursor(to));
        }
        exchange.getMessage().setBody(JsonRpc.result(msg.get("id"), result));
    }

    static String cursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.US_ASCII));
    }

    private static int offset(JsonNode cursor, int size) {
        if (cursor == null || cursor.isNull()) {
            return 0;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.asText()), StandardCharsets.US_ASCII);
            if (raw.startsWith("o:")) {
                int offset = Integer.parseInt(raw.substring(2));
                if (offset >= 0) {
                    // a catalog that shrank since the cursor was issued just ends the listing
                    return Math.min(offset, size);
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new McpException(JsonRpc.INVALID_PARAMS, "Invalid cursor: '" + cursor.asText() + "' was not issued by this gateway");
    }
}
