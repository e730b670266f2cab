package routes.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.backend.BackendClient;
import routes.kernel.BackendRpcException;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.protocol.JsonRpc;
import routes.registry.BackendRegistry;

import java.util.List;

/**
 * Fetches one backend's capabilities (the body is its name) into the {@link CatalogStore}: the
 * lists its initialize result advertises, each paginated to the end. A backend that fails is
 * recorded as failed, with the reason, and left out; the others are not affected.
 */
public final class CatalogFetch implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogFetch.class);

    private final BackendRegistry registry;
    private final BackendClient client;
    private final CatalogStore store;

    public CatalogFetch(BackendRegistry registry, BackendClient client, CatalogStore store) {
        this.registry = registry;
        this.client = client;
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) {
        String name = exchange.getMessage().getBody(String.class);
        BackendSpec spec = registry.get(name);
        if (spec == null) {
            store.removed(name);
            return;
        }
        try {
            BackendCapabilities caps = fetch(spec);
            if (store.failures().containsKey(name)) {
                LOG.info("Backend '{}' answers again and is back in the catalog", name);
            }
            store.fetched(caps);
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof BackendException be && (be.httpStatus() == 401 || be.httpStatus() == 403)
                    && spec.auth().needsUser() && !spec.auth().forGateway().sendsCredentials()) {
                // the catalog is shared by all users, so no user's token may build it
                reason += "; its " + spec.auth().type() + " acts for users and the gateway has no credentials of its"
                        + " own to list it: give it a client secret (client credentials) for its tools to be listed";
            }
            // failed backends are retried every discovery round: say it again only when the reason changes
            if (!reason.equals(store.failures().get(name))) {
                LOG.warn("Backend '{}' left out of the catalog: {}", name, reason);
            } else {
                LOG.debug("Backend '{}' still left out of the catalog: {}", name, reason);
            }
            store.failed(name, reason);
        }
    }

    private BackendCapabilities fetch(BackendSpec spec) {
        // the gateway's own session with the backend, never a client's
        String gw = BackendClient.GATEWAY;
        CallerIdentity caller = CallerIdentity.GATEWAY;
        JsonNode caps = client.capabilities(gw, spec, caller);
        store.subscribable(spec.name(), caps.path("resources").path("subscribe").asBoolean(false));
        List<ObjectNode> tools = caps.has("tools") ? client.listAll(gw, spec, caller, "tools/list", "tools") : List.of();
        List<ObjectNode> resources = List.of();
        List<ObjectNode> templates = List.of();
        if (caps.has("resources")) {
            resources = client.listAll(gw, spec, caller, "resources/list", "resources");
            templates = optional(() -> client.listAll(gw, spec, caller, "resources/templates/list", "resourceTemplates"));
        }
        List<ObjectNode> prompts = caps.has("prompts") ? client.listAll(gw, spec, caller, "prompts/list", "prompts") : List.of();
        tools.forEach(tool -> completeTool(spec.name(), tool));
        return new BackendCapabilities(spec.name(), tools, resources, templates, prompts);
    }

    /**
     * Fills what clients rely on but some backends leave out: a description (models choose tools
     * by it) and an object input schema. The nodes are this fetch's own parse, so filling is safe.
     */
    private static void completeTool(String backend, ObjectNode tool) {
        if (tool.path("description").asText("").isBlank()) {
            tool.put("description", "Tool " + tool.path("name").asText() + " of backend " + backend);
        }
        if (!tool.path("inputSchema").isObject()) {
            tool.putObject("inputSchema").put("type", "object");
        }
    }

    /** Templates came later than resources; a backend without them answers method-not-found. */
    private static List<ObjectNode> optional(java.util.function.Supplier<List<ObjectNode>> list) {
        try {
            return list.get();
        } catch (BackendRpcException e) {
            if (e.code() == JsonRpc.METHOD_NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }
}
