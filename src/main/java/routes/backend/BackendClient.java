package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.BackendException;
import routes.kernel.BackendRpcException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.Pipeline;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The gateway as an MCP client of its backends, and the owner of its backend sessions: one per
 * owner and backend. An owner is a client session (its id), so per-session backend state (log
 * level, subscriptions, requests the backend sends back) never leaks between clients; or the
 * gateway itself ({@link #GATEWAY}), for its catalog or its probes. A session is made on the
 * owner's first request to that backend (a client's initialize never waits for a backend), made
 * anew when the backend's spec changed, and closed when its owner ends ({@link #closeOwner}), when
 * its backend leaves or changes ({@link #retainOnly}) and at shutdown. Client sessions are bounded
 * by {@link BackendSessionLimits}; the gateway's own are not.
 */
public final class BackendClient {

    /** The owner key of the gateway's own sessions; client session ids are hex, so never this. */
    public static final String GATEWAY = "caravan:gateway";
    /** The owner key stateless (2026-07-28) clients share, since they have no session of their own. */
    public static final String STATELESS = "caravan:stateless";

    private static final int MAX_PAGES = 1000;

    private final OutboundSender sender;
    private final BackendListener listener;
    private final Pipeline.Purpose gatewayPurpose;
    private final BackendSessionLimits limits;
    private final Executor closer;
    /** Where cancellation notices go out: their own threads, so a hanging backend cannot hold session closes. */
    private final Executor notices;
    /** Which backends speak 2026-07-28 (probed once each, modern first). */
    private final BackendEras eras = new BackendEras();
    /** Where sessions' GET streams run, and which sessions get one. */
    private final BackendEventStreams streams;
    /** owner → backend name → session. */
    private final Map<String, Map<String, BackendSession>> sessions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perBackend = new ConcurrentHashMap<>();
    /** The client capabilities a client session declared (by owner), read when its backend sessions start. */
    private final Function<String, JsonNode> clientCapabilities;
    /** The log level each client session chose with logging/setLevel. */
    private final Map<String, String> logLevels = new ConcurrentHashMap<>();
    private final AtomicInteger clientSessions = new AtomicInteger();
    private volatile boolean closed;

    /** A client for the gateway's own traffic only (health probes): no limits, closes inline. */
    public BackendClient(OutboundSender sender, Pipeline.Purpose gatewayPurpose) {
        this(sender, BackendListener.NONE, gatewayPurpose, BackendSessionLimits.NONE, Runnable::run, Runnable::run,
                owner -> null, BackendEventStreams.NONE);
    }

    /**
     * @param listener       receives what backends send outside a request (GET streams, legacy SSE streams), with the owner
     * @param gatewayPurpose what the gateway's own sessions are for (catalog, or probes)
     * @param limits         how many sessions clients may hold
     * @param closer         where sessions whose owner ended are closed (their DELETE must not hold the caller)
     * @param notices        where a cancelled or timed-out request's notifications/cancelled is sent from
     *                       (and a client's log level, to its open sessions)
     * @param clientCapabilities the capabilities a client session declared, by owner (null: none)
     * @param streams        which streamable-HTTP sessions keep the backend's GET stream open once
     *                       initialized (its messages go to {@code listener}), and where they run
     */
    public BackendClient(OutboundSender sender, BackendListener listener, Pipeline.Purpose gatewayPurpose,
                         BackendSessionLimits limits, Executor closer, Executor notices,
                         Function<String, JsonNode> clientCapabilities, BackendEventStreams streams) {
        this.clientCapabilities = clientCapabilities;
        this.streams = streams;
        this.sender = sender;
        this.listener = listener;
        this.gatewayPurpose = gatewayPurpose;
        this.limits = limits;
        this.closer = closer;
        this.notices = notices;
    }

    /**
     * A new, not yet initialized throwaway session of the gateway's with the backend over its
     * transport, without a GET stream (a probe's); the caller owns it and must close it.
     */
    public BackendSession newSession(BackendSpec spec, Pipeline.Purpose purpose) {
        return newSession(GATEWAY, spec, purpose, false);
    }

    /** The only place sessions are made; {@code listen}: it may keep a GET stream open (see {@link BackendEventStreams}). */
    private BackendSession newSession(String owner, BackendSpec spec, Pipeline.Purpose purpose, boolean listen) {
        ClientProfile profile = profileOf(owner, purpose);
        return switch (spec.transport()) {
            case STREAMABLE_HTTP -> new DualEraSession(spec, sender, purpose, eras, () -> new StreamableHttpSession(spec,
                    sender, purpose, notices, profile, !listen
                    ? StreamableHttpSession.EventStreams.NONE
                    : (state, opener, lost) -> streams.start(owner, spec,
                            () -> new BackendEventStream(spec, sender, opener, purpose, state, owner, listener, lost))),
                    legacyClient(owner), profile, !listen ? ModernHttpSession.Listening.NONE
                    : new ModernHttpSession.Listening(owner, listener, streams, GATEWAY.equals(owner)));
            case SSE -> new LegacySseSession(spec, sender, listener, owner, purpose, profile);
        };
    }

    /** Calls one method on a backend in the owner's session and returns the JSON-RPC result. */
    public JsonNode call(String owner, BackendSpec spec, CallerIdentity caller, String method, JsonNode params,
                         Consumer<JsonNode> sink) {
        return call(owner, spec, caller, method, params, sink, null);
    }

    /** As {@link #call(String, BackendSpec, CallerIdentity, String, JsonNode, Consumer)}, stoppable by the client. */
    public JsonNode call(String owner, BackendSpec spec, CallerIdentity caller, String method, JsonNode params,
                         Consumer<JsonNode> sink, Cancellation cancellation) {
        return session(owner, spec).call(caller, method, params, sink, cancellation);
    }

    /**
     * Sends a message that needs no answer in the owner's session with the backend: the client's
     * response to a request that backend sent. The session is the one that asked (one per owner and
     * backend); if it ended meanwhile, nobody waits for the answer and it is dropped.
     */
    public void send(String owner, BackendSpec spec, CallerIdentity caller, ObjectNode message) {
        Map<String, BackendSession> mine = sessions.get(owner);
        BackendSession s = mine == null ? null : mine.get(spec.name());
        if (s != null) {
            s.send(caller, message);
        }
    }

    /**
     * A notification from the client for every backend it has a session with (roots/list_changed),
     * off the caller's thread; a backend that refuses it is not the others' concern (its next list
     * request still gets the truth).
     */
    public void notifyBackends(String owner, CallerIdentity caller, ObjectNode notification) {
        CallerIdentity who = caller.withoutTrace();
        eachSession(owner, s -> s.send(who, notification));
    }

    /**
     * A client session chose a log level: its open backend sessions that log are told now (off the
     * caller's thread), the ones it opens later when they start. Other clients' sessions keep theirs;
     * a backend that refuses keeps its own, and its messages are still filtered at the client's.
     */
    public void logLevel(String owner, CallerIdentity caller, String level) {
        logLevels.put(owner, level);
        CallerIdentity who = caller.withoutTrace();
        eachSession(owner, s -> {
            if (s.state(who).serverCapabilities().has("logging")) {
                s.call(who, "logging/setLevel", Json.object().put("level", level), null);
            }
        });
    }

    /**
     * A client session now listens (it opened a GET stream): its backend sessions that started
     * without an event stream, since nothing could be relayed then, open theirs (off the caller's thread).
     */
    public void listen(String owner) {
        eachSession(owner, BackendSession::listen);
    }

    /** Runs {@code action} on each of the owner's sessions, each on the notices executor; a failure ends only that one. */
    private void eachSession(String owner, Consumer<BackendSession> action) {
        Map<String, BackendSession> mine = sessions.get(owner);
        if (mine == null) {
            return;
        }
        for (BackendSession s : List.copyOf(mine.values())) {
            notices.execute(() -> {
                try {
                    action.accept(s);
                } catch (RuntimeException e) {
                    // best effort: the caller's request does not wait for, or fail with, a backend's
                }
            });
        }
    }

    /** A client session's own sessions: not the gateway's, nor the stateless clients' shared owner. */
    private static boolean legacyClient(String owner) {
        return !GATEWAY.equals(owner) && !STATELESS.equals(owner);
    }

    private ClientProfile profileOf(String owner, Pipeline.Purpose purpose) {
        if (GATEWAY.equals(owner)) {
            return purpose == Pipeline.Purpose.CATALOG ? ClientProfile.CATALOG : ClientProfile.GATEWAY;
        }
        if (STATELESS.equals(owner)) {
            // shared by every stateless client: declares all the gateway relays; each request's own
            // capabilities decide whether its client is asked (the front door answers -32601 otherwise)
            return ClientProfile.CATALOG;
        }
        return new ClientProfile(ClientProfile.relayable(clientCapabilities.apply(owner)), () -> logLevels.get(owner));
    }

    /** The backend's server capabilities, initializing the owner's session if needed. */
    public JsonNode capabilities(String owner, BackendSpec spec, CallerIdentity caller) {
        return session(owner, spec).state(caller).serverCapabilities();
    }

    /** Every item of a paginated list method, following nextCursor (bounded against loops). */
    public List<ObjectNode> listAll(String owner, BackendSpec spec, CallerIdentity caller, String method, String field) {
        List<ObjectNode> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode params = Json.object();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode result = call(owner, spec, caller, method, params, null);
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
        BackendSession probe = newSession(spec, gatewayPurpose);
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

    /** Ends every backend session of this owner (a client session that ended or expired), off the caller's thread. */
    public void closeOwner(String owner) {
        logLevels.remove(owner);
        Map<String, BackendSession> mine = sessions.remove(owner);
        if (mine == null) {
            return;
        }
        for (BackendSession s : List.copyOf(mine.values())) {
            if (mine.remove(s.spec().name(), s)) {
                release(owner, s);
                closer.execute(s::close);
            }
        }
    }

    /** Ends the sessions, of every owner, whose spec is no longer in the registry (a backend changed or left). */
    public void retainOnly(Collection<BackendSpec> live) {
        Set<BackendSpec> keep = new HashSet<>(live);
        for (Map.Entry<String, Map<String, BackendSession>> owner : sessions.entrySet()) {
            for (BackendSession s : List.copyOf(owner.getValue().values())) {
                if (!keep.contains(s.spec()) && owner.getValue().remove(s.spec().name(), s)) {
                    release(owner.getKey(), s);
                    closer.execute(s::close);
                }
            }
        }
    }

    /** Ends every session at shutdown; later calls fail instead of opening sessions nobody would close. */
    public void closeAll() {
        closed = true;
        try {
            closeAllSessions();
        } finally {
            streams.shutdown();
        }
    }

    private void closeAllSessions() {
        for (String owner : List.copyOf(sessions.keySet())) {
            Map<String, BackendSession> mine = sessions.remove(owner);
            if (mine != null) {
                for (BackendSession s : List.copyOf(mine.values())) {
                    if (mine.remove(s.spec().name(), s)) {
                        release(owner, s);
                        s.close();
                    }
                }
            }
        }
    }

    /** Open backend sessions, of every owner (the gateway's own included). */
    public int sessionCount() {
        int n = 0;
        for (Map<String, BackendSession> mine : sessions.values()) {
            n += mine.size();
        }
        return n;
    }

    /** Whether this owner (a client session) still has its backend sessions: false once it ended. */
    public boolean hasOwner(String owner) {
        return sessions.containsKey(owner);
    }

    /** The backends this owner (a client session's id) has a session with now, in name order. */
    public List<String> backendsOf(String owner) {
        Map<String, BackendSession> mine = sessions.get(owner);
        return mine == null ? List.of() : mine.keySet().stream().sorted().toList();
    }

    /** Open backend sessions of client sessions with this backend. */
    public int clientSessionCount(String backend) {
        AtomicInteger n = perBackend.get(backend);
        return n == null ? 0 : n.get();
    }

    private BackendSession session(String owner, BackendSpec spec) {
        if (closed) {
            throw new BackendException(spec.name(), "was not called: the gateway is shutting down");
        }
        Map<String, BackendSession> mine = sessions.computeIfAbsent(owner, o -> new ConcurrentHashMap<>());
        BackendSession s = mine.get(spec.name());
        if (s != null && (s.spec() == spec || s.spec().equals(spec))) {
            return s;
        }
        BackendSession[] replaced = new BackendSession[1];
        s = mine.compute(spec.name(), (name, old) -> {
            if (old != null && old.spec().equals(spec)) {
                return old;
            }
            if (old != null) {
                // the backend's config changed: this owner gets a session with the new one (same
                // backend, so the count stays as it is)
                replaced[0] = old;
            } else {
                acquire(owner, spec);
            }
            return newSession(owner, spec, GATEWAY.equals(owner) ? gatewayPurpose : Pipeline.Purpose.CLIENT_CALL, true);
        });
        if (replaced[0] != null) {
            closer.execute(replaced[0]::close);
        }
        if (closed || sessions.get(owner) != mine) {
            // the owner ended (or the gateway stopped) while this session was made: nobody would close it
            if (mine.remove(spec.name(), s)) {
                release(owner, s);
                s.close();
            }
            throw new BackendException(spec.name(), "was not called: the client session ended");
        }
        return s;
    }

    /** Counts a new client session against the limits, or refuses it with an error that says which limit. */
    private void acquire(String owner, BackendSpec spec) {
        if (GATEWAY.equals(owner)) {
            return;
        }
        AtomicInteger backend = perBackend.computeIfAbsent(spec.name(), n -> new AtomicInteger());
        if (backend.incrementAndGet() > limits.perBackend()) {
            backend.decrementAndGet();
            throw new BackendException(spec.name(), "has " + limits.perBackend()
                    + " client sessions open, the most allowed (caravan.backend.sessions.max-per-backend); try again later");
        }
        if (clientSessions.incrementAndGet() > limits.total()) {
            clientSessions.decrementAndGet();
            backend.decrementAndGet();
            throw new BackendException(spec.name(), "was not called: the gateway has " + limits.total()
                    + " backend sessions open, the most allowed (caravan.backend.sessions.max); try again later");
        }
    }

    private void release(String owner, BackendSession s) {
        if (GATEWAY.equals(owner)) {
            return;
        }
        AtomicInteger backend = perBackend.get(s.spec().name());
        if (backend != null) {
            backend.decrementAndGet();
        }
        clientSessions.decrementAndGet();
    }
}
