package routes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import routes.protocol.Json;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend served by the official MCP Java SDK 2.1.0 server on embedded Jetty 12 ee10: an
 * implementation independent of our engine, for interop tests. It speaks streamable HTTP
 * ({@link #start}, at {@code /mcp}) or the legacy HTTP+SSE transport ({@link #startSse}: GET
 * {@code /sse}, whose endpoint event names {@code /message?sessionId=...}).
 *
 * <p>Tool {@code t} answers {@code "<name>/t <arguments>"}, like {@link FixtureBackend}, and
 * first sends one progress notification with the same text when the call carries a progress
 * token. Every HTTP request is recorded with its headers before the SDK sees it. Tool calls can
 * be held ({@link #holdCalls()}) to keep requests in flight, and the server can be stopped and
 * started again on the same port. Through {@link #builder(String)} a streamable server can serve
 * HTTPS with a {@link TestPki} identity and answer other paths with a 307 redirect. A tool named
 * {@link #TOGGLE} keeps state per session, to show whose session a call ran in.
 */
public final class SdkServerBackend implements AutoCloseable {

    /** A tool of this name keeps state per MCP session (see {@link #toggle}). */
    public static final String TOGGLE = "toggle-simulated-logging";
    /** Asks its client for a sampling/createMessage of {@code arguments.prompt}; answers with the model's text. */
    public static final String ASK_SAMPLING = "ask-sampling";
    /** Asks its client (elicitation/create) for a name; answers with the action and the content. */
    public static final String ASK_ELICITATION = "ask-elicitation";
    /** Asks its client for its roots; answers with their URIs. */
    public static final String ASK_ROOTS = "ask-roots";
    /** Answers with the client capabilities this session's client declared, as JSON. */
    public static final String CLIENT_CAPS = "client-caps";
    /** Logs one message at each level (debug … emergency); the SDK drops those below the session's level. */
    public static final String LOG_ALL = "log-all";

    public enum Transport { STREAMABLE_HTTP, SSE }

    private final String name;
    private final Transport transport;
    private final String endpointBase;
    private final List<String> tools = new CopyOnWriteArrayList<>();
    /** Resource URIs served (text "contents of <uri>"); with any, the server takes resources/subscribe. */
    private List<String> resources = List.of();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> toggled = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private volatile CountDownLatch gate;
    private final AtomicInteger redirectsServed = new AtomicInteger();
    private TestPki.ServerIdentity identity;
    private String[] protocols;
    private Map<String, String> redirects = Map.of();
    private int port;
    private Server jetty;
    private McpSyncServer mcp;

    private SdkServerBackend(String name, Transport transport, String endpointBase, List<String> tools) {
        this.name = name;
        this.transport = transport;
        this.endpointBase = endpointBase;
        this.tools.addAll(tools);
    }

    /** Starts a streamable-HTTP SDK server offering these tools (at least one). */
    public static SdkServerBackend start(String name, String... tools) {
        return new SdkServerBackend(name, Transport.STREAMABLE_HTTP, "", List.of(tools)).startServer();
    }

    /** Starts a legacy HTTP+SSE SDK server offering these tools (at least one). */
    public static SdkServerBackend startSse(String name, String... tools) {
        return new SdkServerBackend(name, Transport.SSE, "", List.of(tools)).startServer();
    }

    /** A legacy SSE server whose endpoint event is the absolute {@code endpointBase + "/message?..."}. */
    public static SdkServerBackend startSseAnnouncing(String endpointBase, String name, String... tools) {
        return new SdkServerBackend(name, Transport.SSE, endpointBase, List.of(tools)).startServer();
    }

    public String name() {
        return name;
    }

    /** The URL a client starts from: the MCP endpoint, or for SSE the event-stream endpoint. */
    public String url() {
        return url(transport == Transport.SSE ? "/sse" : "/mcp");
    }

    /** Another path on this server, e.g. one that redirects. */
    public String url(String path) {
        return (identity != null ? "https" : "http") + "://127.0.0.1:" + port + path;
    }

    /** (Re)starts the server, on the port it had before if it ran already. */
    public synchronized SdkServerBackend startServer() {
        if (jetty != null) {
            return this;
        }
        HttpServlet servlet;
        McpServer.SyncSpecification<?> spec;
        if (transport == Transport.SSE) {
            HttpServletSseServerTransportProvider sse = HttpServletSseServerTransportProvider.builder()
                    .baseUrl(endpointBase).sseEndpoint("/sse").messageEndpoint("/message").build();
            servlet = sse;
            spec = McpServer.sync(sse);
        } else {
            HttpServletStreamableServerTransportProvider streamable = HttpServletStreamableServerTransportProvider.builder()
                    .mcpEndpoint("/mcp").build();
            servlet = streamable;
            spec = McpServer.sync(streamable);
        }
        McpSchema.ServerCapabilities.Builder caps = McpSchema.ServerCapabilities.builder().tools(transport == Transport.SSE).logging();
        if (!resources.isEmpty()) {
            caps.resources(true, false);
        }
        spec.serverInfo(name, "1.0.0").capabilities(caps.build());
        for (String uri : resources) {
            spec.resources(new McpServerFeatures.SyncResourceSpecification(McpSchema.Resource.builder(uri, uri).build(),
                    (exchange, read) -> new McpSchema.ReadResourceResult(
                            List.of(new McpSchema.TextResourceContents(uri, "text/plain", "contents of " + uri)))));
        }
        for (String tool : tools) {
            spec.tools(tool(tool));
        }
        Server server = new Server();
        ServerConnector connector = identity != null ? new ServerConnector(server, tls()) : new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        FilterHolder recorder = new FilterHolder(new Recorder());
        recorder.setAsyncSupported(true);
        context.addFilter(recorder, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder holder = new ServletHolder(servlet);
        // The transports answer SSE through servlet async I/O.
        holder.setAsyncSupported(true);
        context.addServlet(holder, transport == Transport.SSE ? "/*" : "/mcp");
        redirects.forEach((path, location) -> context.addServlet(new ServletHolder(new Redirect(location)), path));
        server.setHandler(context);
        try {
            mcp = spec.build();
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("SDK server backend " + name + " did not start", e);
        }
        jetty = server;
        port = connector.getLocalPort();
        return this;
    }

    /**
     * Stops the server: its streams end, then its connections close (requests still in a held
     * tool call break), then held calls are let go so no server thread stays blocked.
     */
    public synchronized SdkServerBackend stop() {
        if (jetty == null) {
            return this;
        }
        try {
            mcp.closeGracefully();
            for (Connector c : jetty.getConnectors()) {
                c.stop();
            }
            releaseCalls();
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("SDK server backend " + name + " did not stop", e);
        } finally {
            jetty = null;
            mcp = null;
        }
        return this;
    }

    /** Serves HTTPS with this identity from the next {@link #startServer()} on: a restart with a new certificate. */
    public synchronized SdkServerBackend https(TestPki.ServerIdentity serverIdentity) {
        this.identity = serverIdentity;
        return this;
    }

    /** Tells subscribed clients that this resource changed (on their GET streams). */
    public void resourceUpdated(String uri) {
        mcp.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(uri));
    }

    /** Adds a tool while running and tells connected clients that the list changed. */
    public synchronized void addTool(String tool) {
        tools.add(tool);
        mcp.addTool(tool(tool));
        mcp.notifyToolsListChanged();
    }

    /** From now on every tool call waits until {@link #releaseCalls()}. */
    public void holdCalls() {
        gate = new CountDownLatch(1);
    }

    public void releaseCalls() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** Tool calls waiting at the gate right now. */
    public int heldCalls() {
        return held.get();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> requests(String httpMethod, String jsonRpcMethod) {
        return requests.stream().filter(r -> r.httpMethod().equals(httpMethod)
                && (jsonRpcMethod == null || jsonRpcMethod.equals(r.jsonRpcMethod()))).toList();
    }

    public int port() {
        return port;
    }

    /** How many requests were answered with a redirect. */
    public int redirectsServed() {
        return redirectsServed.get();
    }

    /** A streamable-HTTP server with HTTPS or redirects. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public void close() {
        stop();
    }

    private SslContextFactory.Server tls() {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePath(identity.keyStore().toString());
        tls.setKeyStorePassword(identity.password());
        if (protocols != null) {
            tls.setIncludeProtocols(protocols);
        }
        return tls;
    }

    public static final class Builder {
        private final String name;
        private List<String> tools = List.of("echo");
        private TestPki.ServerIdentity identity;
        private String[] protocols;
        private final Map<String, String> redirects = new LinkedHashMap<>();
        private List<String> resources = List.of();

        private Builder(String name) {
            this.name = name;
        }

        public Builder tools(String... names) {
            this.tools = List.of(names);
            return this;
        }

        /** Serves these resources and takes resources/subscribe for them. */
        public Builder resources(String... uris) {
            this.resources = List.of(uris);
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
            SdkServerBackend b = new SdkServerBackend(name, Transport.STREAMABLE_HTTP, "", tools);
            b.identity = identity;
            b.protocols = protocols;
            b.redirects = Map.copyOf(redirects);
            b.resources = resources;
            return b.startServer();
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

    private McpServerFeatures.SyncToolSpecification tool(String tool) {
        return new McpServerFeatures.SyncToolSpecification(
                McpSchema.Tool.builder().name(tool).description("SDK tool " + tool + " of " + name)
                        .inputSchema(Map.of("type", "object")).build(),
                (exchange, request) -> answer(exchange, request, tool));
    }

    private McpSchema.CallToolResult answer(McpSyncServerExchange exchange, McpSchema.CallToolRequest request, String tool) {
        if (TOGGLE.equals(tool)) {
            return toggle(exchange.sessionId());
        }
        String asked = ask(exchange, request, tool);
        if (asked != null) {
            return McpSchema.CallToolResult.builder().addTextContent(asked).build();
        }
        String text = name + "/" + tool + " " + request.arguments();
        Object token = request.meta() == null ? null : request.meta().get("progressToken");
        if (token != null) {
            exchange.progressNotification(new McpSchema.ProgressNotification(token, 1.0, 1.0, text));
        }
        CountDownLatch g = gate;
        if (g != null) {
            held.incrementAndGet();
            try {
                g.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                held.decrementAndGet();
            }
        }
        return McpSchema.CallToolResult.builder().addTextContent(text).build();
    }

    /** What the tools that ask the client answer; null for the other tools. */
    private static String ask(McpSyncServerExchange exchange, McpSchema.CallToolRequest request, String tool) {
        switch (tool) {
            case ASK_SAMPLING -> {
                String prompt = String.valueOf(request.arguments() == null ? null : request.arguments().get("prompt"));
                McpSchema.CreateMessageResult r = exchange.createMessage(McpSchema.CreateMessageRequest.builder(
                        List.of(new McpSchema.SamplingMessage(McpSchema.Role.USER, new McpSchema.TextContent(prompt))), 50)
                        .build());
                return "sampled: " + ((McpSchema.TextContent) r.content()).text();
            }
            case ASK_ELICITATION -> {
                McpSchema.ElicitResult r = exchange.createElicitation(McpSchema.ElicitRequest.builder("Your name?",
                        Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string")))).build());
                return "elicited: " + r.action() + " " + r.content();
            }
            case ASK_ROOTS -> {
                return "roots: " + exchange.listRoots().roots().stream().map(McpSchema.Root::uri).toList();
            }
            case CLIENT_CAPS -> {
                try {
                    return Json.MAPPER.writeValueAsString(exchange.getClientCapabilities());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            case LOG_ALL -> {
                for (McpSchema.LoggingLevel level : McpSchema.LoggingLevel.values()) {
                    exchange.loggingNotification(McpSchema.LoggingMessageNotification.builder(level, "at " + level).build());
                }
                return "logged";
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Per-session state, as server-everything's toggle-simulated-logging keeps it: each call flips
     * the calling session's flag and says for which session.
     */
    private McpSchema.CallToolResult toggle(String sessionId) {
        boolean on = toggled.merge(sessionId, Boolean.TRUE, (was, t) -> !was);
        return McpSchema.CallToolResult.builder()
                .addTextContent((on ? "Started" : "Stopped") + " simulated logging for session " + sessionId).build();
    }

    /** Records each request as it arrives; a POST body is read here and handed on as bytes. */
    private final class Recorder implements Filter {

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) req;
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String h : Collections.list(http.getHeaderNames())) {
                headers.put(h.toLowerCase(Locale.ROOT), new ArrayList<>(Collections.list(http.getHeaders(h))));
            }
            byte[] body = "POST".equals(http.getMethod()) ? http.getInputStream().readAllBytes() : new byte[0];
            requests.add(new RecordedRequest(http.getMethod(), headers, jsonRpcMethod(body),
                    new String(body, StandardCharsets.UTF_8)));
            chain.doFilter("POST".equals(http.getMethod()) ? new BufferedBody(http, body) : req, res);
        }

        private String jsonRpcMethod(byte[] body) {
            try {
                JsonNode method = body.length == 0 ? null : Json.MAPPER.readTree(body).get("method");
                return method != null && method.isTextual() ? method.asText() : null;
            } catch (IOException e) {
                return null;
            }
        }
    }

    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }
            };
        }
    }
}
