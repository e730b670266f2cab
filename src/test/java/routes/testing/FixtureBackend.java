package routes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import routes.demo.InputSchema;
import routes.demo.McpServerDefinition;
import routes.demo.McpNettyHeaderFilter;
import routes.demo.McpServerEngine;
import routes.demo.PromptDefinition;
import routes.demo.ToolResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real MCP server over HTTP for end-to-end tests: one {@link McpServerEngine} behind a
 * netty-http consumer on a free loopback port, in its own CamelContext so that it can be
 * stopped and started again on the same port without touching the context under test.
 *
 * <p>Generic items answer with their own coordinates, so a test can tell which backend served
 * a call: tool {@code t} answers {@code "<backend>/t <arguments JSON>"}, prompt {@code p} one
 * user message {@code "<backend>/p {topic}"}, resource {@code u} the text {@code "<backend> u"}.
 */
public final class FixtureBackend implements AutoCloseable {

    private final String name;
    private final McpServerEngine engine;
    private final int port;
    private final String path;
    private final FixtureRecorder recorder = new FixtureRecorder();
    private final FixtureFaults faults = new FixtureFaults();
    /** When set, a request whose Authorization does not start with this is answered 401 (like a protected server). */
    private volatile String requiredAuthorization;
    private CamelContext context;

    private FixtureBackend(String name, McpServerEngine engine, String path) {
        this.name = name;
        this.engine = engine;
        this.path = path;
        this.port = freePort();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A running backend with one tool, {@code echo}, answering plain JSON. */
    public static FixtureBackend start(String name) {
        return builder(name).start();
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** The MCP endpoint, e.g. {@code http://127.0.0.1:41234/mcp}. */
    public String url() {
        return "http://127.0.0.1:" + port + path;
    }

    public McpServerEngine engine() {
        return engine;
    }

    /** Switches between JSON and SSE answers at runtime (SSE only for clients that accept it). */
    public FixtureBackend sseResponses(boolean enabled) {
        engine.sseResponses(enabled);
        return this;
    }

    // ---- recorded requests -------------------------------------------------------------------

    /** Every request so far, oldest first, including those answered by a fault. */
    public List<RecordedRequest> requests() {
        return recorder.requests();
    }

    /** The requests whose JSON-RPC method is {@code jsonRpcMethod}. */
    public List<RecordedRequest> requests(String jsonRpcMethod) {
        return recorder.requests().stream().filter(r -> jsonRpcMethod.equals(r.jsonRpcMethod())).toList();
    }

    /** The newest request with this JSON-RPC method; fails the test when there is none. */
    public RecordedRequest lastRequest(String jsonRpcMethod) {
        List<RecordedRequest> matching = requests(jsonRpcMethod);
        if (matching.isEmpty()) {
            throw new AssertionError("backend " + name + " received no " + jsonRpcMethod + "; got "
                    + recorder.requests().stream().map(r -> r.httpMethod() + " " + r.jsonRpcMethod()).toList());
        }
        return matching.get(matching.size() - 1);
    }

    public void clearRequests() {
        recorder.clear();
    }

    // ---- faults -------------------------------------------------------------------------------

    /**
     * Answers 401 to every request whose {@code Authorization} header does not start with
     * {@code prefix} (e.g. "Bearer xchg-"), as a backend that validates its tokens would; null: no check.
     */
    public FixtureBackend requireAuthorization(String prefix) {
        this.requiredAuthorization = prefix;
        return this;
    }

    private void authGate(org.apache.camel.Exchange exchange) {
        String prefix = requiredAuthorization;
        if (prefix == null) {
            return;
        }
        String auth = exchange.getIn(org.apache.camel.component.netty.http.NettyHttpMessage.class).getHttpRequest()
                .headers().get("Authorization");
        if (auth != null && auth.startsWith(prefix)) {
            return;
        }
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(org.apache.camel.Exchange.HTTP_RESPONSE_CODE, 401);
        exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        exchange.getMessage().setBody(new byte[0]);
        exchange.setRouteStop(true);
    }

    /** Misbehaves on every request with one of these JSON-RPC methods (all requests when none given). */
    public FixtureBackend fault(Fault fault, String... jsonRpcMethods) {
        faults.arm(Objects.requireNonNull(fault), -1, Set.of(jsonRpcMethods));
        return this;
    }

    /** Misbehaves on the next {@code times} matching requests only, then behaves again. */
    public FixtureBackend faultNext(int times, Fault fault, String... jsonRpcMethods) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1");
        }
        faults.arm(Objects.requireNonNull(fault), times, Set.of(jsonRpcMethods));
        return this;
    }

    /** Back to normal behaviour; hanging requests are released. */
    public FixtureBackend heal() {
        faults.disarm();
        faults.releaseHangs();
        return this;
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    /** (Re)binds the port. Sessions from before a {@link #stop()} are gone, as after a real restart. */
    public synchronized FixtureBackend startServer() {
        if (context != null) {
            return this;
        }
        CamelContext fresh = new DefaultCamelContext();
        // A test must not wait 45 s (the default) for a hanging request when it stops a backend.
        fresh.getShutdownStrategy().setTimeout(5);
        fresh.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        fresh.getShutdownStrategy().setShutdownNowOnTimeout(true);
        try {
            fresh.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("netty-http:http://127.0.0.1:" + port + path + "?" + McpNettyHeaderFilter.ENDPOINT_OPTION)
                            .routeId("fixture-backend-" + name)
                            .process(recorder)
                            .process(FixtureBackend.this::authGate)
                            .process(faults)
                            .process(engine);
                }
            });
            fresh.start();
        } catch (Exception e) {
            fresh.stop();
            throw new IllegalStateException("fixture backend " + name + " could not start on port " + port, e);
        }
        context = fresh;
        return this;
    }

    /** Unbinds the port (connections are refused) and forgets all sessions. */
    public synchronized FixtureBackend stop() {
        if (context != null) {
            faults.releaseHangs();
            context.stop();
            context = null;
            engine.transport().forgetSessions();
        }
        return this;
    }

    public synchronized boolean isRunning() {
        return context != null;
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Configures a fixture: which items it offers under which names, and how it answers. */
    public static final class Builder {
        private final String name;
        private final List<String> tools = new ArrayList<>();
        private final List<String> prompts = new ArrayList<>();
        private final List<String> resources = new ArrayList<>();
        private McpServerDefinition definition;
        private boolean sse;
        private int pageSize;
        private String path = "/mcp";

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        /** Generic tools by name; when neither tools nor a definition is given, one tool {@code echo}. */
        public Builder tools(String... names) {
            tools.addAll(List.of(names));
            return this;
        }

        public Builder prompts(String... names) {
            prompts.addAll(List.of(names));
            return this;
        }

        public Builder resources(String... uris) {
            resources.addAll(List.of(uris));
            return this;
        }

        /** Serves this definition instead of generic items (tools/prompts/resources/pageSize then ignored). */
        public Builder definition(McpServerDefinition serverDefinition) {
            this.definition = serverDefinition;
            return this;
        }

        public Builder sse(boolean enabled) {
            this.sse = enabled;
            return this;
        }

        public Builder pageSize(int size) {
            this.pageSize = size;
            return this;
        }

        public Builder path(String endpointPath) {
            if (!endpointPath.startsWith("/")) {
                throw new IllegalArgumentException("path must start with /");
            }
            this.path = endpointPath;
            return this;
        }

        public FixtureBackend start() {
            McpServerEngine engine = new McpServerEngine(definition != null ? definition : generic())
                    .sseResponses(sse);
            return new FixtureBackend(name, engine, path).startServer();
        }

        private McpServerDefinition generic() {
            McpServerDefinition.Builder server = McpServerDefinition.builder(name).pageSize(pageSize);
            for (String tool : tools.isEmpty() ? List.of("echo") : tools) {
                server.tool(tool, "Fixture tool " + tool + " of " + name, InputSchema.empty(),
                        (JsonNode args) -> ToolResult.structured(name + "/" + tool + " " + args,
                                JsonNodeFactory.instance.objectNode().put("backend", name).put("tool", tool)
                                        .set("arguments", args)));
            }
            for (String prompt : prompts) {
                server.prompt(prompt, "Fixture prompt " + prompt + " of " + name,
                        List.of(PromptDefinition.Argument.optional("topic", "Anything")
                                .withCompletions("alpha", "beta", "gamma")),
                        PromptDefinition.Message.user(name + "/" + prompt + " {topic}"));
            }
            for (String uri : resources) {
                server.resource(uri, uri.substring(uri.lastIndexOf('/') + 1), "text/plain", name + " " + uri);
            }
            return server.build();
        }
    }
}
