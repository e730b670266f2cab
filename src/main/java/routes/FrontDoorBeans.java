package routes;

import org.apache.camel.spi.Registry;
import routes.auth.IncomingAuth;
import routes.mcp.McpBackendCall;
import routes.mcp.McpBackendTarget;
import routes.mcp.McpBatchReplies;
import routes.mcp.McpCatalogListing;
import routes.mcp.McpErrorReply;
import routes.mcp.McpLifecycle;
import routes.mcp.McpMessageKind;
import routes.mcp.McpRequestDecoder;
import routes.mcp.McpResponseWriter;
import routes.mcp.McpServerStream;
import routes.mcp.McpSessionEnd;
import routes.mcp.McpTransportGuard;
import routes.mcp.OriginPolicy;

/** The processors of the MCP front door (routes mcp-*, incoming-auth, session-housekeeping). */
final class FrontDoorBeans {

    private FrontDoorBeans() {
    }

    static void bind(Registry r, GatewayState s, CaravanProperties p) {
        r.bind("sessionStore", s.sessions());
        r.bind("mcpTransportGuard", new McpTransportGuard(OriginPolicy.parse(p.text("caravan.allowed-origins", "")), s.sessions()));
        r.bind("incomingAuth", new IncomingAuth());
        r.bind("mcpRequestDecoder", new McpRequestDecoder(s.sessions()));
        r.bind("mcpMessageKind", new McpMessageKind());
        r.bind("mcpResponseWriter", new McpResponseWriter());
        r.bind("mcpBatchReplies", new McpBatchReplies());
        r.bind("mcpErrorReply", new McpErrorReply());
        r.bind("mcpLifecycle", new McpLifecycle(s.sessions(), p.text("caravan.server.name", "caravan"), CaravanMain.VERSION,
                p.text("caravan.server.instructions", "")));
        r.bind("mcpCatalogListing", new McpCatalogListing(s.catalog(), p.intValue("caravan.list.page-size")));
        r.bind("mcpBackendTarget", new McpBackendTarget(s.catalog(), s.registry()));
        r.bind("mcpBackendCall", new McpBackendCall(s.client(), s.refresh(), s.health()));
        r.bind("mcpServerStream", new McpServerStream());
        r.bind("mcpSessionEnd", new McpSessionEnd(s.sessions()));
    }
}
