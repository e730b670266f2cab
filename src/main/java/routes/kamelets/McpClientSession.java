package routes.kamelets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.protocol.Json;
import routes.protocol.JsonRpc;
import routes.protocol.ProtocolVersions;
import routes.protocol.SseReader;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One MCP client session over streamable HTTP (2025-03-26 to 2025-11-25), for the Kamelets: it
 * initializes lazily, keeps the {@code Mcp-Session-Id} and negotiated version, reads an answer given
 * as JSON or as an SSE stream, starts again once when the server forgot the session (404), and
 * ends the session with DELETE. Thread-safe: calls may run side by side in one session.
 */
final class McpClientSession implements AutoCloseable {

    /** Closes answers that stream past their deadline; one daemon thread for all sessions. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcp-kamelet-deadlines");
        t.setDaemon(true);
        return t;
    });

    /** A stream or answer larger than this is cut off: a Kamelet is no place for endless bodies. */
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();
    private volatile String sessionId;
    private volatile String protocolVersion;
    private volatile boolean initialized;
    /** The caller's headers of the last request (its auth), for the DELETE that ends the session. */
    private volatile Map<String, String> lastHeaders = Map.of();

    McpClientSession(String url, Duration timeout) {
        this.url = URI.create(url);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The session id the server gave, or null (before initialize, or a server without sessions). */
    String sessionId() {
        return sessionId;
    }

    /**
     * Sends a request and returns its {@code result}; a JSON-RPC error is an {@link McpCallException}.
     * Notifications the server sends on the way are handed to {@code notifications} (may be null).
     */
    JsonNode request(String method, JsonNode params, Map<String, String> headers, Consumer<JsonNode> notifications)
            throws IOException, InterruptedException {
        lastHeaders = Map.copyOf(headers);
        ensureInitialized(headers);
        try {
            return send(method, params, headers, notifications);
        } catch (SessionGone e) {
            // the server restarted or expired the session: one fresh session, then give up
            synchronized (this) {
                initialized = false;
                sessionId = null;
            }
            ensureInitialized(headers);
            return send(method, params, headers, notifications);
        }
    }

    /** Opens the session's GET stream, for server-to-client notifications; the caller reads and closes it. */
    InputStream openEventStream(Map<String, String> headers) throws IOException, InterruptedException {
        lastHeaders = Map.copyOf(headers);
        ensureInitialized(headers);
        // no request timeout: the stream stays open as long as the server keeps it
        HttpRequest.Builder get = base(headers).GET().header("Accept", "text/event-stream");
        HttpResponse<InputStream> r = http.send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IOException("MCP server " + url + " refused the GET stream: HTTP " + r.statusCode()
                    + (r.statusCode() == 405 ? " (it offers none)" : ""));
        }
        return r.body();
    }

    /** Reads events of a GET stream; null at its end. */
    static SseReader reader(InputStream stream) {
        return new SseReader(stream, Long.MAX_VALUE);
    }

    /** The answer to a request from the server: ping gets {}, anything else "method not found". */
    static JsonNode serverRequestAnswer(JsonNode request) {
        return "ping".equals(request.path("method").asText())
                ? JsonRpc.result(request.get("id"), Json.object())
                : JsonRpc.error(request.get("id"), JsonRpc.METHOD_NOT_FOUND, "not supported by this client");
    }

    /** Answers a request the server sent on a stream (a JSON-RPC response; the server answers 202). */
    void respond(JsonNode response, Map<String, String> headers) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = post(response, headers);
        r.body().close();
    }

    /** Ends the session on the server (best effort: a server may not support DELETE). */
    @Override
    public void close() {
        String id = sessionId;
        if (id == null) {
            return;
        }
        sessionId = null;
        initialized = false;
        try {
            http.send(base(lastHeaders).DELETE().timeout(timeout).header("Mcp-Session-Id", id).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the server is gone: so is the session
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void ensureInitialized(Map<String, String> headers) throws IOException, InterruptedException {
        if (initialized) {
            return;
        }
        ObjectNode params = Json.object().put("protocolVersion", ProtocolVersions.LATEST);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "caravan-kamelet").put("version", "1");
        JsonNode result = send("initialize", params, headers, null);
        String version = result.path("protocolVersion").asText("");
        if (!ProtocolVersions.isSupported(version)) {
            throw new IOException("MCP server " + url + " answered initialize with protocol version '" + version
                    + "', which this client does not speak (it speaks " + ProtocolVersions.SUPPORTED + ")");
        }
        protocolVersion = version;
        notify("notifications/initialized", headers);
        initialized = true;
    }

    private void notify(String method, Map<String, String> headers) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = post(JsonRpc.notification(method, null), headers);
        r.body().close();
        if (r.statusCode() / 100 != 2) {
            throw new IOException("MCP server " + url + " refused " + method + ": HTTP " + r.statusCode());
        }
    }

    private JsonNode send(String method, JsonNode params, Map<String, String> headers, Consumer<JsonNode> notifications)
            throws IOException, InterruptedException {
        JsonNode id = Json.MAPPER.getNodeFactory().numberNode(ids.incrementAndGet());
        HttpResponse<InputStream> r = post(JsonRpc.request(id, method, params), headers);
        // the request timeout covers the wait for the headers only: an answer streamed as SSE gets
        // the same time, after which its body is closed and the read below fails
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            late.set(true);
            closeQuietly(r.body());
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (InputStream body = r.body()) {
            if (r.statusCode() == 404 && sessionId != null && !"initialize".equals(method)) {
                throw new SessionGone();
            }
            if (r.statusCode() / 100 != 2) {
                throw new IOException("MCP server " + url + " answered " + method + " with HTTP " + r.statusCode());
            }
            if ("initialize".equals(method)) {
                r.headers().firstValue("Mcp-Session-Id").ifPresent(s -> sessionId = s);
            }
            JsonNode answer;
            try {
                answer = answer(r, body, id, headers, notifications);
            } catch (IOException e) {
                if (late.get()) {
                    throw new IOException("MCP server " + url + " did not answer " + method + " within " + timeout.toMillis() + " ms");
                }
                throw e;
            }
            if (answer == null) {
                throw new IOException("MCP server " + url + " ended its answer to " + method + " without a response");
            }
            if (answer.has("error")) {
                throw new McpCallException(method, answer.get("error"));
            }
            return answer.path("result");
        } finally {
            deadline.cancel(false);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing is all that was asked
        }
    }

    /** The response to {@code id}, from a JSON body or the SSE stream the server chose to answer with. */
    private JsonNode answer(HttpResponse<InputStream> r, InputStream body, JsonNode id, Map<String, String> headers,
                            Consumer<JsonNode> notifications) throws IOException, InterruptedException {
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/event-stream")) {
            return Json.MAPPER.readTree(body.readNBytes((int) Math.min(MAX_BYTES, Integer.MAX_VALUE - 8)));
        }
        SseReader events = new SseReader(body, MAX_BYTES);
        for (SseReader.Event e = events.next(); e != null; e = events.next()) {
            if (e.data().isBlank()) {
                continue;
            }
            JsonNode msg = Json.MAPPER.readTree(e.data());
            if (JsonRpc.isResponse(msg) && JsonRpc.sameId(msg.get("id"), id)) {
                return msg;
            }
            if (JsonRpc.isNotification(msg) && notifications != null) {
                notifications.accept(msg);
            } else if (JsonRpc.isRequest(msg)) {
                // a server asking mid-call (ping, sampling, roots): this client declares no capabilities
                respond(serverRequestAnswer(msg), headers);
            }
        }
        return null;
    }

    private HttpResponse<InputStream> post(JsonNode message, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest request = base(headers).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(message))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest.Builder base(Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url);
        // the caller's headers first, so the protocol's own below always win
        headers.forEach(b::setHeader);
        String id = sessionId;
        if (id != null) {
            b.setHeader("Mcp-Session-Id", id);
        }
        String version = protocolVersion;
        if (version != null) {
            b.setHeader("MCP-Protocol-Version", version);
        }
        return b;
    }

    /** The server answered 404 to a request in a session: it no longer knows the session. */
    private static final class SessionGone extends IOException {
        SessionGone() {
            super("session gone");
        }
    }
}
