package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.authz.Authorizer;
import routes.authz.Feature;
import routes.catalog.CatalogEntry;
import routes.catalog.CatalogStore;
import routes.kernel.CallerIdentity;
import routes.kernel.StepGate;

/**
 * The {@code authorization} step: refuses a forwarded request the policy denies to this caller,
 * before any backend is touched. tools/call, prompts/get and resources/read are decided on the
 * advertised name or the URI (a tool's with its annotations and arguments); resources/subscribe
 * and completion/complete on the prompt or resource they name; resources/unsubscribe always
 * passes. A denial is JSON-RPC error 403 with ToolHive's wording, and for the three calls ToolHive
 * gates on the wire the HTTP answer is 403 too ({@link #DENIED}; a batch keeps its 200).
 */
public final class McpAuthorization implements Processor, StepGate.Step {

    /** Boolean exchange property: the request was refused by policy; the response writers answer 403. */
    public static final String DENIED = "caravanAuthzDenied";
    /** JSON-RPC error code of a denial, as ToolHive's call gate answers. */
    public static final int DENIED_CODE = 403;

    private final Authorizer authorizer;
    private final CatalogStore catalogs;

    public McpAuthorization(Authorizer authorizer, CatalogStore catalogs) {
        this.authorizer = authorizer;
        this.catalogs = catalogs;
    }

    /** Only when a policy is in force. */
    @Override
    public boolean hasWork(Exchange exchange) {
        return authorizer.active();
    }

    @Override
    public void process(Exchange exchange) {
        if (!hasWork(exchange)) {
            return;
        }
        JsonNode msg = McpExchange.message(exchange);
        String method = msg.path("method").asText();
        JsonNode params = msg.path("params");
        CallerIdentity caller = exchange.getProperty(CallerIdentity.PROPERTY, CallerIdentity.class);
        if (caller == null) {
            caller = CallerIdentity.anonymous(null, null);
        }
        switch (method) {
            case "tools/call" -> {
                String name = params.path("name").asText(null);
                ObjectNode definition = name == null ? null
                        : catalogs.catalog().tool(name).map(CatalogEntry::definition).orElse(null);
                check(exchange, caller, Feature.TOOL, name, definition, params.get("arguments"), true);
            }
            case "prompts/get" -> check(exchange, caller, Feature.PROMPT, params.path("name").asText(null), null,
                    params.get("arguments"), true);
            case "resources/read" -> check(exchange, caller, Feature.RESOURCE, params.path("uri").asText(null), null, null, true);
            case "resources/subscribe" -> check(exchange, caller, Feature.RESOURCE, params.path("uri").asText(null), null,
                    null, false);
            case "completion/complete" -> {
                JsonNode ref = params.path("ref");
                switch (ref.path("type").asText()) {
                    case "ref/prompt" -> check(exchange, caller, Feature.PROMPT, ref.path("name").asText(null), null, null, false);
                    case "ref/resource" -> check(exchange, caller, Feature.RESOURCE, ref.path("uri").asText(null), null, null,
                            false);
                    default -> { } // not a reference: mcpBackendTarget answers it
                }
            }
            default -> { } // resources/unsubscribe only ends what was allowed
        }
    }

    private void check(Exchange exchange, CallerIdentity caller, Feature feature, String name, ObjectNode definition,
                       JsonNode arguments, boolean httpForbidden) {
        if (name == null) {
            return; // malformed: the next step answers invalid params
        }
        if (!authorizer.allows(caller, feature, name, definition, arguments)) {
            if (httpForbidden) {
                exchange.setProperty(DENIED, Boolean.TRUE);
            }
            throw new McpException(DENIED_CODE, switch (feature) {
                case TOOL -> "call denied by authorization policy";
                case PROMPT -> "prompt denied by authorization policy";
                case RESOURCE -> "read denied by authorization policy";
            });
        }
    }
}
