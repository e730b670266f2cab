package routes.backend;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import routes.kernel.AuthStrategy;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.HeaderForward;
import routes.kernel.Pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP step's send, against a real HTTP server: what goes out, and what it leaves for the decoder. */
class BackendHttpCallTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final BackendHeaderFilter filter = new BackendHeaderFilter();
    private final BackendHttpRequest endpoints = new BackendHttpRequest(10_000, camel);
    private final BackendHttpCall call = new BackendHttpCall(filter);
    private final Map<String, Object> seen = new ConcurrentHashMap<>();
    private HttpServer server;
    private BackendSpec spec;

    @BeforeEach
    void start() throws Exception {
        camel.getRegistry().bind("caravanNoCookies", new org.apache.camel.component.http.NoopCookieStore());
        camel.getRegistry().bind(BackendHttpRequest.CLIENT_CONFIGURER_BEAN, new BackendHttpClientConfigurer());
        camel.getRegistry().bind(BackendHeaderFilter.BEAN, filter);
        camel.start();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mcp", this::answer);
        server.start();
        spec = new BackendSpec("b", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp"),
                BackendSpec.Transport.STREAMABLE_HTTP, null, Duration.ofSeconds(5), HeaderForward.NONE,
                AuthStrategy.UNAUTHENTICATED, null);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        camel.stop();
    }

    private void answer(HttpExchange http) throws IOException {
        seen.put("method", http.getRequestMethod());
        seen.put("uri", http.getRequestURI().toString());
        seen.put("headers", Map.copyOf(http.getRequestHeaders()));
        seen.put("body", new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}".getBytes(StandardCharsets.UTF_8);
        if (http.getRequestURI().getQuery() != null && http.getRequestURI().getQuery().contains("gzip")) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                gz.write(body);
            }
            body = zipped.toByteArray();
            http.getResponseHeaders().add("Content-Encoding", "gzip");
        }
        http.getResponseHeaders().add("content-type", "application/json");
        http.getResponseHeaders().add("mcp-session-id", "s-1");
        http.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"a\"");
        http.getResponseHeaders().add("WWW-Authenticate", "Basic");
        http.getResponseHeaders().add("X-Internal-Host", "10.0.0.7");
        http.sendResponseHeaders(202, body.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(body);
        }
    }

    private Exchange exchange(OutboundRequest.Method method, URI target, byte[] body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(OutboundRequest.PROPERTY, new OutboundRequest(spec, CallerIdentity.GATEWAY,
                Pipeline.Purpose.CATALOG, method, target, body, null, "ping", null, false));
        exchange.getMessage().setBody(body);
        return exchange;
    }

    @SuppressWarnings("unchecked")
    private List<String> sent(String header) {
        return ((Map<String, List<String>>) seen.get("headers")).get(header);
    }

    @Test
    void sendsTheMethodTargetBodyAndTheHeadersTheFilterLetsThrough() throws Exception {
        byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        Exchange exchange = exchange(OutboundRequest.Method.POST, spec.url().resolve("/mcp?x=1"), body);
        exchange.getMessage().setHeader("Content-Type", "application/json");
        exchange.getMessage().setHeader("Mcp-Session-Id", "backend-session");
        exchange.getMessage().setHeader("X-Tenant", List.of("a", "b"));
        exchange.getMessage().setHeader("CamelHttpUri", "http://elsewhere.example/");
        exchange.getMessage().setHeader("Host", "spoofed.example");
        exchange.getMessage().setHeader("X-Empty", null);
        endpoints.process(exchange);
        call.process(exchange);
        try (InputStream in = exchange.getMessage().getBody(InputStream.class)) {
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }

        assertEquals("POST", seen.get("method"));
        assertEquals("/mcp?x=1", seen.get("uri"));
        assertEquals(new String(body, StandardCharsets.UTF_8), seen.get("body"));
        assertEquals(List.of("application/json"), sent("Content-type"), "the entity's content type, once");
        assertEquals(List.of("backend-session"), sent("Mcp-session-id"));
        assertEquals(List.of("a", "b"), sent("X-tenant"), "a list is one header per value");
        assertEquals(List.of("127.0.0.1:" + server.getAddress().getPort()), sent("Host"), "never the message's Host");
        assertNull(sent("Camelhttpuri"));
        assertNull(sent("X-empty"));
    }

    @Test
    void leavesTheStatusAndOnlyTheResponseHeadersTheGatewayReads() throws Exception {
        Exchange exchange = exchange(OutboundRequest.Method.GET, spec.url(), null);
        exchange.getMessage().setHeader("X-Request-Only", "gone");
        endpoints.process(exchange);
        call.process(exchange);

        Map<String, Object> headers = exchange.getMessage().getHeaders();
        assertEquals("GET", seen.get("method"));
        assertEquals("", seen.get("body"));
        assertEquals(202, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("application/json", headers.get("Content-Type"));
        assertTrue(headers.keySet().stream().anyMatch("Content-Type"::equals), "Camel's spelling: " + headers.keySet());
        assertEquals("s-1", exchange.getMessage().getHeader("Mcp-Session-Id"));
        assertEquals(List.of("Bearer realm=\"a\"", "Basic"), exchange.getMessage().getHeader("WWW-Authenticate"));
        assertFalse(headers.containsKey("X-Internal-Host"), "a header nobody reads is not kept");
        assertFalse(headers.containsKey("X-Request-Only"), "the request's headers do not come back");
        exchange.getMessage().getBody(InputStream.class).close();
    }

    @Test
    void aGzippedAnswerIsReadUnzipped() throws Exception {
        Exchange exchange = exchange(OutboundRequest.Method.POST, spec.url().resolve("/mcp?gzip"), new byte[] {'{', '}'});
        endpoints.process(exchange);
        call.process(exchange);
        try (InputStream in = exchange.getMessage().getBody(InputStream.class)) {
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anExchangeWithoutTheBackendsEndpointIsRefusedWithAReason() {
        Exchange exchange = exchange(OutboundRequest.Method.POST, spec.url(), new byte[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> call.process(exchange));
        assertTrue(e.getMessage().contains("backendHttpRequest"), e.getMessage());
    }
}
