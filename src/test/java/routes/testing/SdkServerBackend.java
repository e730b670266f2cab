package routes.testing;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend served by the official MCP Java SDK 2.1.0 server (its servlet streamable-HTTP
 * transport on embedded Jetty 12 ee10): an implementation independent of our engine, for
 * interop tests. Tool {@code t} answers {@code "<name>/t <arguments>"}, like {@link FixtureBackend}.
 * Through {@link #builder(String)} it can serve HTTPS with a {@link TestPki} identity and answer
 * other paths with a 307 redirect.
 */
public final class SdkServerBackend implements AutoCloseable {

    private final Server jetty;
    private final McpSyncServer mcp;
    private final String name;
    private final boolean https;
    private final AtomicInteger redirectsServed = new AtomicInteger();

    private SdkServerBackend(Builder b) throws Exception {
        this.name = b.name;
        this.https = b.identity != null;
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp").build();
        McpServer.SyncSpecification<?> spec = McpServer.sync(transport)
                .serverInfo(name, "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build());
        for (String tool : b.tools) {
            spec.toolCall(McpSchema.Tool.builder().name(tool).description("SDK tool " + tool + " of " + name)
                            .inputSchema(Map.of("type", "object")).build(),
                    (exchange, request) -> McpSchema.CallToolResult.builder()
                            .addTextContent(name + "/" + tool + " " + request.arguments()).build());
        }
        this.mcp = spec.build();

        jetty = new Server();
        ServerConnector connector = https ? new ServerConnector(jetty, tls(b)) : new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder servlet = new ServletHolder(transport);
        // The transport answers SSE through servlet async I/O.
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/mcp");
        b.redirects.forEach((path, location) -> context.addServlet(new ServletHolder(new Redirect(location)), path));
        jetty.setHandler(context);
        jetty.start();
    }

    private static SslContextFactory.Server tls(Builder b) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePath(b.identity.keyStore().toString());
        tls.setKeyStorePassword(b.identity.password());
        if (b.protocols != null) {
            tls.setIncludeProtocols(b.protocols);
        }
        return tls;
    }

    /** Starts a plain-HTTP SDK server offering these tools (at least one). */
    public static SdkServerBackend start(String name, String... tools) {
        return builder(name).tools(tools).start();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The MCP endpoint. */
    public String url() {
        return url("/mcp");
    }

    /** Another path on this server, e.g. one that redirects. */
    public String url(String path) {
        return (https ? "https" : "http") + "://127.0.0.1:" + port() + path;
    }

    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /** How many requests were answered with a redirect. */
    public int redirectsServed() {
        return redirectsServed.get();
    }

    public static final class Builder {
        private final String name;
        private List<String> tools = List.of("echo");
        private TestPki.ServerIdentity identity;
        private String[] protocols;
        private final Map<String, String> redirects = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder tools(String... names) {
            this.tools = List.of(names);
            return this;
        }

        /** Serves HTTPS with this identity instead of HTTP. */
        public Builder https(TestPki.ServerIdentity serverIdentity) {
            this.identity = serverIdentity;
            return this;
        }

        /** With {@link #https}: only these TLS protocols, e.g. {@code "TLSv1.2"}. */
        public Builder tlsProtocols(String... names) {
            this.protocols = names;
            return this;
        }

        /** Answers every request to {@code path} with 307 and this Location (relative or absolute). */
        public Builder redirect(String path, String location) {
            redirects.put(path, location);
            return this;
        }

        public SdkServerBackend start() {
            try {
                return new SdkServerBackend(this);
            } catch (Exception e) {
                throw new IllegalStateException("SDK server backend " + name + " did not start", e);
            }
        }
    }

    /** 307 keeps the method and body: the redirect a POST can follow. */
    private final class Redirect extends HttpServlet {
        private final String location;

        Redirect(String location) {
            this.location = location;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) {
            redirectsServed.incrementAndGet();
            resp.setStatus(307);
            resp.setHeader("Location", location);
        }
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
