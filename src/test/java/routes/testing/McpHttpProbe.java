package routes.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Raw HTTP against an MCP endpoint, for asserting transport rules (status codes, headers, SSE
 * framing) that an MCP client library hides. Sends exactly the headers it is given.
 */
public final class McpHttpProbe {

    public static final String ACCEPT_BOTH = "application/json, text/event-stream";
    public static final String ACCEPT_JSON = "application/json";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;

    public McpHttpProbe(String url) {
        this.endpoint = URI.create(url);
    }

    public HttpResponse<String> post(String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        request.header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send(request.build());
    }

    /** POST with both media types accepted and, when not null, the session header. */
    public HttpResponse<String> post(String json, String sessionId) {
        return sessionId == null ? post(json, Map.of("Accept", ACCEPT_BOTH))
                : post(json, Map.of("Accept", ACCEPT_BOTH, "Mcp-Session-Id", sessionId));
    }

    public HttpResponse<String> send(String method, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return send(request.build());
    }

    /** Initializes a session with this protocol version and returns the initialize response. */
    public HttpResponse<String> initialize(String protocolVersion) {
        return post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + protocolVersion + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"probe\",\"version\":\"1\"}}}",
                (String) null);
    }

    /** A ready session: initialize plus notifications/initialized; returns the session id. */
    public String openSession() {
        HttpResponse<String> init = initialize("2025-11-25");
        String session = init.headers().firstValue("Mcp-Session-Id")
                .orElseThrow(() -> new AssertionError("no Mcp-Session-Id on " + init.statusCode() + " " + init.body()));
        HttpResponse<String> initialized = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session);
        if (initialized.statusCode() != 202) {
            throw new AssertionError("notifications/initialized got " + initialized.statusCode());
        }
        return session;
    }

    public static String request(int id, String method, String paramsJson) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
