package routes;

import org.apache.camel.CamelContext;
import routes.authz.AuthzSpecException;
import routes.authz.Authorizer;
import routes.config.GatewayConfig;
import routes.discovery.StaticDiscovery;
import routes.mcp.McpAuthorization;

/**
 * Authorization: the policy's owner ({@code authorizer}, which the lists read) and the
 * {@code authorization} route's step; the config source puts each applied config's
 * {@code incomingAuth.authz} in force (the loader compiled it already, so it cannot fail here).
 */
final class AuthzBeans {

    static final String AUTHORIZER = "authorizer";

    private AuthzBeans() {
    }

    static Authorizer bind(CamelContext camel, GatewayState s) {
        Authorizer authorizer = new Authorizer();
        camel.getRegistry().bind(AUTHORIZER, authorizer);
        camel.getRegistry().bind("mcpAuthorization", new McpAuthorization(authorizer, s.catalog()));
        return authorizer;
    }

    /** After discovery is bound: follows the config source's applied configs, starting with the current one. */
    static void follow(CamelContext camel, Authorizer authorizer) throws AuthzSpecException {
        StaticDiscovery discovery = camel.getRegistry().lookupByNameAndType("staticDiscovery", StaticDiscovery.class);
        apply(authorizer, discovery.current());
        discovery.onApplied(config -> {
            try {
                apply(authorizer, config);
            } catch (AuthzSpecException e) {
                // the loader compiles the section before a config is applied; a failure here is a bug
                throw new IllegalStateException("incomingAuth.authz." + e.key() + ": " + e.getMessage(), e);
            }
        });
    }

    private static void apply(Authorizer authorizer, GatewayConfig config) throws AuthzSpecException {
        authorizer.apply(config.authz(), config.name());
    }
}
