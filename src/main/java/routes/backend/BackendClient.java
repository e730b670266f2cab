package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.auth.CallerIdentity;
import routes.mcp.Json;
import routes.mcp.JsonRpc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The gateway as an MCP client of its backends. Owns the backend sessions: one per backend spec
 * and outbound identity, created on first use, so a client's initialize never waits for a
 * backend, and a changed spec (new URL, headers, timeout) gets a fresh session. The spec's
 * transport decides the session's kind ({@link #newSession(BackendSpec)}).
 */
public final class BackendClient {

    private static final int MAX_PAGES = 1000;

    private record Key(BackendSpec spec, String identity) {
    }

    private final OutboundSender sender;
    private final BackendListener listener;
    private final Map<Key, BackendSession> sessions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public BackendClient(OutboundSender sender) {
        this(sender, BackendListener.NONE);
    }

    /** @param listener receives backend notifications that belong to no request (legacy SSE streams) */
    public BackendClient(OutboundSender sender, BackendListener listener) {
        this.sender = sender;
        this.listener = listener;
    }

    /**
     * A new, not yet initialized session with the backend over its transport. The only place
     * sessions are made; the caller owns it and must close it (the client closes its own).
     */
    public BackendSession newSession(BackendSpec spec) {
        return switch (spec.transport()) {
            case STREAMABLE_HTTP -> new StreamableHttpSession(spec, sender);
            case SSE -> new LegacySseSession(spec, sender, listener);
        };
    }

    /** Calls one method on a backend and returns the JSON-RPC result. */
    public JsonNode call(BackendSpec spec, CallerIdentity caller, String method, JsonNode params,
                         Consumer<JsonNode> sink) {
        return session(spec, caller).call(caller, method, params, sink);
    }

    /** The backend's server capabilities, initializing the session if needed. */
    public JsonNode capabilities(BackendSpec spec, CallerIdentity caller) {
        return session(spec, caller).state(caller).serverCapabilities();
    }

    /** Every item of a paginated list method, following nextCursor (bounded against loops). */
    public List<ObjectNode> listAll(BackendSpec spec, CallerIdentity caller, String method, String field) {
        List<ObjectNode> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode params = Json.object();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode result = call(spec, caller, method, params, null);
            JsonNode list = result == null ? null : result.get(field);
            if (list == null || !list.isArray()) {
                throw new BackendException(spec.name(), "answered " + method + " without a '" + field + "' list");
            }
            for (JsonNode item : list) {
                if (item.isObject()) {
                    items.add((ObjectNode) item);
                }
            }
            JsonNode next = result.get("nextCursor");
            if (next == null || next.isNull() || next.asText().isEmpty()) {
                return items;
            }
            cursor = next.asText();
            if (!seen.add(cursor)) {
                throw new BackendException(spec.name(), "repeated the cursor '" + cursor + "' in " + method);
            }
        }
        throw new BackendException(spec.name(), "returned more than " + MAX_PAGES + " pages of " + method);
    }

    /**
     * A health probe: initialize, notifications/initialized, the first page of each list the
     * backend advertises, then DELETE, all on a throwaway session of the probe's own, so a probe
     * never disturbs (or reuses) a client's session. Fails as {@link #call} does.
     */
    public void probe(BackendSpec spec) {
        BackendSession probe = newSession(spec);
        try {
            JsonNode caps = probe.state(CallerIdentity.GATEWAY).serverCapabilities();
            for (String method : advertisedLists(caps)) {
                try {
                    probe.call(CallerIdentity.GATEWAY, method, Json.object(), null);
                } catch (BackendRpcException e) {
                    // templates came later than resources; a backend without them is not unwell
                    if (!"resources/templates/list".equals(method) || e.code() != JsonRpc.METHOD_NOT_FOUND) {
                        throw e;
                    }
                }
            }
        } finally {
            probe.close();
        }
    }

    private static List<String> advertisedLists(JsonNode caps) {
        List<String> methods = new ArrayList<>(4);
        if (caps.has("tools")) {
            methods.add("tools/list");
        }
        if (caps.has("resources")) {
            methods.add("resources/list");
            methods.add("resources/templates/list");
        }
        if (caps.has("prompts")) {
            methods.add("prompts/list");
        }
        return methods;
    }

    /** Ends the sessions of specs that are no longer in the registry. */
    public void retainOnly(Collection<BackendSpec> live) {
        Set<BackendSpec> keep = new HashSet<>(live);
        for (Key key : List.copyOf(sessions.keySet())) {
            if (!keep.contains(key.spec())) {
                BackendSession s = sessions.remove(key);
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    /** The number of open backend sessions. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Ends every session at shutdown; later calls fail instead of opening sessions nobody would close. */
    public void closeAll() {
        closed = true;
        for (Key key : List.copyOf(sessions.keySet())) {
            BackendSession s = sessions.remove(key);
            if (s != null) {
                s.close();
            }
        }
    }

    private BackendSession session(BackendSpec spec, CallerIdentity caller) {
        Key key = new Key(spec, caller.sessionKey());
        BackendSession s = sessions.computeIfAbsent(key, k -> newSession(spec));
        if (closed) {
            if (sessions.remove(key, s)) {
                s.close();
            }
            throw new BackendException(spec.name(), "was not called: the gateway is shutting down");
        }
        return s;
    }
}
