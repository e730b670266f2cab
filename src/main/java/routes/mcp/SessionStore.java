package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import routes.protocol.JsonRpc;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Owner of the front door's client sessions. Ids are 128 random bits in hex (visible ASCII, as
 * the transport requires). Idle sessions expire; a cap keeps a flood of initializes from eating
 * the heap.
 */
public final class SessionStore {

    private final ConcurrentHashMap<String, McpSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final long idleTimeoutMillis;
    private final int maxSessions;
    private final StreamLimits streamLimits;
    private volatile Consumer<String> onEnd = id -> { };

    /** With the shipped stream limits (tests, tools). */
    public SessionStore(long idleTimeoutMillis, int maxSessions) {
        this(idleTimeoutMillis, maxSessions, StreamLimits.DEFAULTS);
    }

    public SessionStore(long idleTimeoutMillis, int maxSessions, StreamLimits streamLimits) {
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.maxSessions = maxSessions;
        this.streamLimits = streamLimits;
    }

    /** A new session, or null when the store is full (the caller answers 503). */
    public McpSession create(String protocolVersion, JsonNode clientInfo, JsonNode clientCapabilities) {
        if (sessions.size() >= maxSessions) {
            expireIdle(System.currentTimeMillis());
            if (sessions.size() >= maxSessions) {
                return null;
            }
        }
        byte[] raw = new byte[16];
        random.nextBytes(raw);
        McpSession s = new McpSession(HexFormat.of().formatHex(raw), protocolVersion, clientInfo, clientCapabilities,
                System.currentTimeMillis(), streamLimits);
        sessions.put(s.id(), s);
        return s;
    }

    /** A new session bound to the principal that opened it, or null when the store is full. */
    public McpSession create(String protocolVersion, JsonNode clientInfo, JsonNode clientCapabilities, String principal) {
        McpSession s = create(protocolVersion, clientInfo, clientCapabilities);
        if (s != null) {
            s.bindTo(principal);
        }
        return s;
    }

    /** The live session with this id (and marks it used), or null. */
    public McpSession find(String id) {
        McpSession s = id == null ? null : sessions.get(id);
        if (s != null) {
            s.touch(System.currentTimeMillis());
        }
        return s;
    }

    /**
     * The live session with this id if this principal may use it (and marks it used), or null: a
     * session opened by another identity is as unknown as one that never existed.
     */
    public McpSession find(String id, String principal) {
        McpSession s = id == null ? null : sessions.get(id);
        if (s == null || !s.usableBy(principal)) {
            return null;
        }
        s.touch(System.currentTimeMillis());
        return s;
    }

    /**
     * The live session with this id without marking it used, or null: for messages the client did
     * not ask for (a backend's notifications), which must not keep an idle session alive.
     */
    public McpSession peek(String id) {
        return id == null ? null : sessions.get(id);
    }

    /** Hears the id of every session that ends (DELETE, expiry, shutdown): its backend sessions close. */
    public void onEnd(Consumer<String> listener) {
        this.onEnd = listener;
    }

    public boolean end(String id) {
        McpSession s = sessions.remove(id);
        if (s != null) {
            s.close();
            onEnd.accept(id);
            return true;
        }
        return false;
    }

    public int size() {
        return sessions.size();
    }

    public Collection<McpSession> all() {
        return sessions.values();
    }

    /** Ends sessions idle for longer than the timeout; a session with an open stream is not idle. */
    public int expireIdle(long now) {
        int n = 0;
        for (McpSession s : sessions.values()) {
            boolean streaming = s.streams().anyConnected();
            if (!streaming && now - s.lastSeenMillis() > idleTimeoutMillis && end(s.id())) {
                n++;
            }
        }
        return n;
    }

    /** Sends a notification to every session that has a GET stream open. */
    public void broadcast(JsonNode notification) {
        for (McpSession s : sessions.values()) {
            s.notifyClient(notification);
        }
    }

    /** Tells every client with an open stream that these lists changed (body of catalog-refresh). */
    public void announce(java.util.List<String> notificationMethods) {
        for (String method : notificationMethods) {
            broadcast(JsonRpc.notification(method, null));
        }
    }

    /** Timer step: keep streams alive, then end idle sessions. */
    public void housekeeping() {
        heartbeat();
        expireIdle(System.currentTimeMillis());
    }

    /**
     * Keeps every connected stream alive, closes connections past their maximum age (the client
     * resumes them) and forgets streams whose replay window has passed.
     */
    public void heartbeat() {
        long now = System.currentTimeMillis();
        for (McpSession s : sessions.values()) {
            s.streams().housekeeping(now);
        }
    }

    public void closeAll() {
        for (String id : sessions.keySet()) {
            end(id);
        }
    }
}
