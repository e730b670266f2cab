package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import routes.backend.Cancellation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client session of the front door. The id is the only key; the rest is what the client
 * negotiated. Streams are the session's SSE streams (GET streams, where server notifications go,
 * and POST answers), kept for resumption.
 */
public final class McpSession {

    private final String id;
    private final String protocolVersion;
    private final JsonNode clientInfo;
    private final JsonNode clientCapabilities;
    private final SessionStreams streams;
    private final long createdMillis;
    private volatile long lastSeenMillis;
    private volatile boolean initialized;
    private volatile String logLevel = "info";
    /** The client's requests being answered by a backend now, by the client's id (as JSON text). */
    private final Map<String, Cancellation> inFlight = new ConcurrentHashMap<>();
    private final RelayedRequests relayed = new RelayedRequests();
    private final boolean stateless;
    /** Who opened the session ({@link routes.kernel.CallerIdentity#principal()}); null: not bound. */
    private volatile String principal;

    McpSession(String id, String protocolVersion, JsonNode clientInfo, JsonNode clientCapabilities, long now,
               StreamLimits streamLimits) {
        this(id, protocolVersion, clientInfo, clientCapabilities, now, streamLimits, false);
    }

    private McpSession(String id, String protocolVersion, JsonNode clientInfo, JsonNode clientCapabilities, long now,
                       StreamLimits streamLimits, boolean stateless) {
        this.streams = new SessionStreams(streamLimits);
        this.stateless = stateless;
        this.id = id;
        this.protocolVersion = protocolVersion;
        this.clientInfo = clientInfo;
        this.clientCapabilities = clientCapabilities;
        this.createdMillis = now;
        this.lastSeenMillis = now;
    }

    /**
     * The context of one request of a stateless (2026-07-28) client: never stored, never named to
     * the client. Its id is the backend-session owner its calls go through; its log level is the
     * request's {@code _meta} logLevel, or null for no log messages at all.
     */
    static McpSession stateless(String owner, String protocolVersion, JsonNode clientInfo, JsonNode clientCapabilities,
                                String logLevel) {
        McpSession s = new McpSession(owner, protocolVersion, clientInfo, clientCapabilities, System.currentTimeMillis(),
                StreamLimits.DEFAULTS, true);
        s.initialized = true;
        s.logLevel = logLevel;
        return s;
    }

    /** Binds the session to the identity that opened it (at initialize). */
    void bindTo(String principal) {
        this.principal = principal;
    }

    /**
     * True when the caller may use this session: the identity that opened it, or any caller of a
     * session that was never bound. Another identity with a stolen or guessed id is not told the
     * session exists.
     */
    boolean usableBy(String callerPrincipal) {
        String owner = principal;
        return owner == null || owner.equals(callerPrincipal);
    }

    /** The backend-session owner key; for a session-based client also its Mcp-Session-Id. */
    public String id() {
        return id;
    }

    /** True for a 2026-07-28 client's request context: there is no session to name or to stream to. */
    public boolean stateless() {
        return stateless;
    }

    /** What an answer carries as Mcp-Session-Id: the id, or null for a stateless client. */
    public String echoedId() {
        return stateless ? null : id;
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    public JsonNode clientInfo() {
        return clientInfo;
    }

    public JsonNode clientCapabilities() {
        return clientCapabilities;
    }

    public boolean initialized() {
        return initialized;
    }

    public void markInitialized() {
        initialized = true;
    }

    /** The lowest level of log messages the client wants; null (stateless only) for none. */
    public String logLevel() {
        return logLevel;
    }

    public void logLevel(String level) {
        this.logLevel = level;
    }

    /** When initialize made it (epoch ms), for the status page's session ages. */
    public long createdMillis() {
        return createdMillis;
    }

    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    void touch(long now) {
        lastSeenMillis = now;
    }

    public SessionStreams streams() {
        return streams;
    }

    /**
     * Sends a server notification on one GET stream (the spec says each message goes on exactly
     * one stream); returns false when the client has none.
     */
    public boolean notifyClient(JsonNode notification) {
        return streams.notifyClient(notification);
    }

    private static final Map<String, Integer> LEVELS = Map.of("debug", 0, "info", 1, "notice", 2, "warning", 3,
            "error", 4, "critical", 5, "alert", 6, "emergency", 7);

    /**
     * Whether a backend's notification is for this client: log messages only at or above the
     * level it set (a stateless client that set none gets none, as 2026-07-28 says); the rest all.
     */
    public boolean wants(JsonNode notification) {
        if (!"notifications/message".equals(notification.path("method").asText())) {
            return true;
        }
        String level = logLevel;
        return level != null && LEVELS.getOrDefault(notification.path("params").path("level").asText(), 1)
                >= LEVELS.getOrDefault(level, 1);
    }

    /** A forwarded request starts: the client may cancel it (notifications/cancelled) until {@link #done}. */
    public void inFlight(JsonNode requestId, Cancellation cancellation) {
        if (requestId != null) {
            inFlight.put(key(requestId), cancellation);
        }
    }

    public void done(JsonNode requestId, Cancellation cancellation) {
        if (requestId != null) {
            inFlight.remove(key(requestId), cancellation);
        }
    }

    /** The client cancelled one of its requests; false when none with that id is in flight. */
    public boolean cancel(JsonNode requestId, String reason) {
        Cancellation c = requestId == null ? null : inFlight.get(key(requestId));
        if (c == null) {
            return false;
        }
        c.cancel(reason);
        return true;
    }

    /**
     * A request id as a map key: a string and a number that print alike stay apart, and no JSON is
     * written for it (a JsonNode's toString serializes it, twice per call).
     */
    private static String key(JsonNode requestId) {
        return (requestId.isTextual() ? "s:" : "n:") + requestId.asText();
    }

    RelayedRequests relayed() {
        return relayed;
    }

    void close() {
        for (Cancellation c : inFlight.values()) {
            c.cancel("the client session ended");
        }
        relayed.clear();
        streams.closeAll();
    }
}
