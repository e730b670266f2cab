package routes.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import routes.protocol.Json;

/**
 * The RFC 9728 document at {@code /.well-known/oauth-protected-resource} (and the path-suffixed
 * {@code .../mcp} that MCP clients try first): which authorization server issues tokens for this
 * gateway, so a client that got a 401 can start OAuth. Served without auth and readable from any
 * origin (it is public by design). Without OIDC there is no authorization server: 404, as ToolHive.
 */
public final class ProtectedResourceMetadata implements Processor {

    private final IncomingAuth auth;

    public ProtectedResourceMetadata(IncomingAuth auth) {
        this.auth = auth;
    }

    @Override
    public void process(Exchange exchange) {
        Message m = exchange.getMessage();
        OidcSettings oidc = auth.oidc();
        ObjectNode body = Json.object();
        int status = 200;
        if (oidc == null) {
            status = 404;
            body.put("error", "not_found");
        } else {
            body.put("resource", auth.urls().resource(m));
            if (oidc.issuer() != null) {
                body.putArray("authorization_servers").add(oidc.issuer());
            }
            if (!oidc.scopes().isEmpty()) {
                oidc.scopes().forEach(body.putArray("scopes_supported")::add);
            }
            body.putArray("bearer_methods_supported").add("header");
        }
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setHeader("Access-Control-Allow-Origin", "*");
        m.setHeader("Cache-Control", "max-age=300");
        m.setBody(Json.bytes(body));
    }
}
