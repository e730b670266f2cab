package routes;

import org.apache.camel.spi.Registry;
import routes.mcp.McpBackendCall;
import routes.mcp.McpBackendTarget;
import routes.mcp.McpBatchReplies;
import routes.mcp.McpCatalogListing;
import routes.mcp.McpClientMessage;
import routes.mcp.McpErrorReply;
import routes.mcp.McpLifecycle;
import routes.mcp.McpMessageKind;
import routes.mcp.McpRequestDecoder;
import routes.mcp.McpResponseWriter;
import routes.mcp.McpServerStream;
import routes.mcp.McpSessionEnd;
import routes.mcp.McpTransportGuard;
import routes.mcp.ListenStreams;
import routes.mcp.ModernDiscovery;
import routes.mcp.ModernListen;
import routes.mcp.ModernRequest;
import routes.mcp.ModernResponseWriter;
import routes.mcp.RequestStates;
import routes.mcp.OriginPolicy;

/** The processors of the MCP front door (routes mcp-*, session-housekeeping; incoming-auth is IncomingAuthBeans'). */
final class FrontDoorBeans {

    private FrontDoorBeans() {
    }

    static void bind(Registry r, GatewayState s, CaravanProperties p) {
        r.bind("sessionStore", s.sessions());
        r.bind("mcpTransportGuard", new McpTransportGuard(OriginPolicy.parse(p.text("caravan.allowed-origins", "")), s.sessions()));
        r.bind("mcpRequestDecoder", new McpRequestDecoder(s.sessions()));
        r.bind("mcpMessageKind", new McpMessageKind());
        r.bind("mcpResponseWriter", new McpResponseWriter());
        r.bind("mcpBatchReplies", new McpBatchReplies());
        r.bind("mcpErrorReply", new McpErrorReply());
        r.bind("mcpLifecycle", new McpLifecycle(s.sessions(), s.client(), s.catalog()::subscribable,
                p.text("caravan.server.name", "caravan"), CaravanMain.VERSION,
                p.text("caravan.server.instructions", "")));
        r.bind("mcpCatalogListing", new McpCatalogListing(s.catalog(), p.intValue("caravan.list.page-size"),
                r.lookupByNameAndType(AuthzBeans.AUTHORIZER, routes.authz.Authorizer.class)));
        r.bind("mcpBackendTarget", new McpBackendTarget(s.catalog(), s.registry()));
        r.bind("mcpBackendCall", new McpBackendCall(s.client(), s.refresh(), s.health(), s.parkedCalls()));
        r.bind("mcpClientMessage", new McpClientMessage(s.client()));
        r.bind("mcpServerStream", new McpServerStream(s.client()));
        r.bind("mcpSessionEnd", new McpSessionEnd(s.sessions()));
        bindModern(r, s, p);
    }

    /** The 2026-07-28 (stateless) path, route mcp-modern. */
    private static void bindModern(Registry r, GatewayState s, CaravanProperties p) {
        ListenStreams listeners = new ListenStreams(p.intValue("caravan.listen.max"));
        r.bind("listenStreams", listeners);
        RequestStates states = new RequestStates();
        r.bind("mcpModernRequest", new ModernRequest(s.catalog(), states));
        r.bind("mcpModernDiscovery", new ModernDiscovery(p.text("caravan.server.instructions", "")));
        r.bind("mcpModernListen", new ModernListen(listeners, p.longValue("caravan.stream.max-age")));
        r.bind("mcpModernResponseWriter", new ModernResponseWriter(p.longValue("caravan.modern.list-ttl"),
                p.text("caravan.server.name", "caravan"), CaravanMain.VERSION, states));
    }
}
