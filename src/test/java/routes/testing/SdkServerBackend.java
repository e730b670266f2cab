package routes.testing;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.List;
import java.util.Map;

/**
 * A backend served by the official MCP Java SDK 2.1.0 server (its servlet streamable-HTTP
 * transport on embedded Jetty 12 ee10): an implementation independent of our engine, for
 * interop tests. Tool {@code t} answers {@code "<name>/t <arguments>"}, like {@link FixtureBackend}.
 */
public final class SdkServerBackend implements AutoCloseable {

    private final Server jetty;
    private final McpSyncServer mcp;
    private final String name;

    private SdkServerBackend(String name, List<String> tools) throws Exception {
        this.name = name;
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp").build();
        McpServer.SyncSpecification<?> spec = McpServer.sync(transport)
                .serverInfo(name, "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build());
        for (String tool : tools) {
            spec.toolCall(McpSchema.Tool.builder().name(tool).description("SDK tool " + tool + " of " + name)
                            .inputSchema(Map.of("type", "object")).build(),
                    (exchange, request) -> McpSchema.CallToolResult.builder()
                            .addTextContent(name + "/" + tool + " " + request.arguments()).build());
        }
        this.mcp = spec.build();

        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder servlet = new ServletHolder(transport);
        // The transport answers SSE through servlet async I/O.
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/mcp");
        jetty.setHandler(context);
        jetty.start();
    }

    /** Starts an SDK server offering these tools (at least one). */
    public static SdkServerBackend start(String name, String... tools) {
        try {
            return new SdkServerBackend(name, List.of(tools));
        } catch (Exception e) {
            throw new IllegalStateException("SDK server backend " + name + " did not start", e);
        }
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/mcp";
    }

    @Override
    public void close() {
        mcp.closeGracefully();
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("SDK server backend " + name + " did not stop", e);
        }
    }
}
