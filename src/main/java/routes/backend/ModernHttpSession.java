package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.BackendException;
import routes.kernel.BackendRpcException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.FailureCategory;
import routes.kernel.Pipeline;
import routes.protocol.Json;
import routes.protocol.JsonRpc;
import routes.protocol.McpHeaders;
import routes.protocol.ProtocolVersions;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The gateway's connection to a backend that speaks MCP 2026-07-28: no session and no initialize;
 * server/discover gives what initialize gave, and every request carries the version, the
 * gateway's client info and capabilities in {@code _meta} and the mirrored headers (Mcp-Method,
 * Mcp-Name, and Mcp-Param-* for the tool arguments the backend's own tools/list marked). A
 * 2026-07-28 client's capabilities travel with its request (the front door leaves them in
 * {@code _meta}), so the backend may answer it {@code input_required}, which goes back to that
 * client; for anyone else the gateway declares none, and a result that asks for input anyway
 * fails with an error that says so.
 *
 * <p>What the revision says between requests comes on {@code subscriptions/listen} streams
 * ({@link BackendEventStream} with this session's opener): the catalog's session listens for the
 * list changes the backend declares, and a 2025-era client's {@code resources/subscribe} and
 * {@code resources/unsubscribe} (methods 2026-07-28 no longer has) become one listen stream with
 * that client's {@code resourceSubscriptions}, opened again whenever the set changes.
 */
final class ModernHttpSession implements BackendSession {

    private static final String ACCEPT = "application/json, text/event-stream";
    private static final String VERSION = ProtocolVersions.V2026_07_28;
    private static final String CAPABILITIES_KEY = "io.modelcontextprotocol/clientCapabilities";
    private static final String SUBSCRIPTION_KEY = "io.modelcontextprotocol/subscriptionId";
    /** Rounds of input a backend may ask of a 2025-era client for one request. */
    private static final int MAX_INPUT_ROUNDS = 8;

    private final BackendSpec spec;
    private final OutboundSender sender;
    private final Pipeline.Purpose purpose;
    private final AtomicLong ids = new AtomicLong();
    /** Tool name → input schema, for the backend's tools whose schema marks arguments to mirror in headers. */
    private final Map<String, JsonNode> headerTools;
    private volatile State state;
    /** The client this session works for: its capabilities go in {@code _meta} when it is a 2025-era client. */
    private final ClientProfile profile;
    /** Input requests asked of a 2025-era client on the backend's behalf, by the id the client was asked under. */
    private final Map<String, CompletableFuture<JsonNode>> asked = new ConcurrentHashMap<>();
    private final Listening listening;
    /** The URIs the client subscribed to (guarded by this), and the listen stream that carries them. */
    private final Set<String> subscribed = new TreeSet<>();
    private Listen resourceListen;
    /** The catalog's listen stream for list changes, once started. */
    private volatile Listen listListen;
    private volatile boolean closed;

    /**
     * Who the session's listen streams deliver to, and where they run.
     *
     * @param owner    the session's owner, handed to the listener with every message
     * @param lists    whether the session listens for the backend's list changes (the catalog's does)
     */
    record Listening(String owner, BackendListener listener, BackendEventStreams streams, boolean lists) {
        static final Listening NONE = new Listening(BackendClient.GATEWAY, BackendListener.NONE, BackendEventStreams.NONE, false);
    }

    /**
     * @param discover    the probe's discover result to start from, or null to ask on first use
     * @param headerTools where the backend's tools with x-mcp-header arguments are kept (one map per backend)
     */
    ModernHttpSession(BackendSpec spec, OutboundSender sender, Pipeline.Purpose purpose, JsonNode discover,
                      Map<String, JsonNode> headerTools, ClientProfile profile, Listening listening) {
        this.listening = listening;
        this.spec = spec;
        this.profile = profile;
        this.headerTools = headerTools;
        this.sender = sender;
        this.purpose = purpose;
        this.state = discover == null ? null : state(discover);
    }

    @Override
    public BackendSpec spec() {
        return spec;
    }

    @Override
    public State state(CallerIdentity caller) {
        State s = state;
        if (s == null) {
            s = state(send(caller, "server/discover", Json.object(), null));
            state = s;
        }
        if (listening.lists() && listListen == null) {
            watchLists(s.serverCapabilities());
        }
        return s;
    }

    /** The catalog's stream of the list changes the backend declares it sends; none if it declares none. */
    private synchronized void watchLists(JsonNode caps) {
        if (listListen != null || closed) {
            return;
        }
        ObjectNode filter = Json.object();
        for (String kind : new String[] {"tools", "prompts", "resources"}) {
            if (caps.path(kind).path("listChanged").asBoolean(false)) {
                filter.put(kind + "ListChanged", true);
            }
        }
        // started once whatever happens: a stream that cannot open is not asked for again by every call
        listListen = filter.isEmpty() ? Listen.NOT_OPEN : Listen.open(this, CallerIdentity.GATEWAY, filter, false);
    }

    @Override
    public JsonNode call(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink,
                         Cancellation cancellation) {
        state(caller);
        // a 2026-07-28 client's request carries its own capabilities; its input_required goes back to it
        boolean modernClient = params != null && params.path("_meta").has(CAPABILITIES_KEY);
        if (!modernClient && ("resources/subscribe".equals(method) || "resources/unsubscribe".equals(method))) {
            return subscription(caller, "resources/subscribe".equals(method), params);
        }
        JsonNode sent = modernClient ? params : withCapabilities(params);
        JsonNode result = send(caller, method, sent, sink, cancellation);
        long deadline = System.currentTimeMillis() + spec.timeout().toMillis();
        for (int round = 1; !modernClient && "input_required".equals(result.path("resultType").asText()); round++) {
            if (sink == null || round > MAX_INPUT_ROUNDS) {
                throw new BackendException(spec.name(), "asked for input from the client (elicitation, sampling or roots) to answer "
                        + method + (sink == null ? ", which nobody can give here" : " more than " + MAX_INPUT_ROUNDS + " times"));
            }
            ObjectNode retry = ((ObjectNode) sent).deepCopy();
            retry.set("inputResponses", askClient(result.path("inputRequests"), sink, deadline));
            if (result.hasNonNull("requestState")) {
                retry.set("requestState", result.get("requestState"));
            } else {
                retry.remove("requestState");
            }
            result = send(caller, method, retry, sink, cancellation);
        }
        if ("tools/list".equals(method)) {
            remember(result.path("tools"));
        }
        return result;
    }

    /**
     * A 2026-07-28 backend keeps no session, so there is nothing to tell it between requests (no
     * log level, no roots change): such a message is dropped. A response is a 2025-era client's
     * answer to an input request asked on the backend's behalf ({@link #askClient}).
     */
    @Override
    public void send(CallerIdentity caller, ObjectNode message) {
        JsonNode id = message.get("id");
        CompletableFuture<JsonNode> waiting = id != null && id.isTextual() ? asked.remove(id.asText()) : null;
        if (waiting != null) {
            waiting.complete(message);
        }
    }

    /** The legacy client's capabilities in the request's {@code _meta}, so the backend may ask it for input. */
    private JsonNode withCapabilities(JsonNode params) {
        ObjectNode p = params == null || !params.isObject() ? Json.object() : ((ObjectNode) params).deepCopy();
        ObjectNode meta = p.has("_meta") && p.get("_meta").isObject() ? (ObjectNode) p.get("_meta") : p.putObject("_meta");
        meta.set(CAPABILITIES_KEY, profile.capabilities().deepCopy());
        return p;
    }

    /**
     * Asks a 2025-era client what a 2026-07-28 backend's input_required result needs: each input
     * request goes to the client as a server-to-client request (through the call's message sink,
     * which relays it), and the answers come back through {@link #send}. Returns the
     * {@code inputResponses} for the retry, by the backend's keys.
     */
    private ObjectNode askClient(JsonNode inputRequests, Consumer<JsonNode> sink, long deadline) {
        Map<String, CompletableFuture<JsonNode>> answers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = inputRequests.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> input = it.next();
            String id = "input-" + ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            asked.put(id, answer);
            answers.put(input.getKey(), answer);
            JsonNode params = input.getValue().path("params");
            sink.accept(JsonRpc.request(Json.MAPPER.getNodeFactory().textNode(id), input.getValue().path("method").asText(),
                    params.isObject() ? params : Json.object()));
        }
        ObjectNode responses = Json.object();
        try {
            for (Map.Entry<String, CompletableFuture<JsonNode>> a : answers.entrySet()) {
                JsonNode answer = a.getValue().get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (answer.has("error")) {
                    throw new BackendException(spec.name(), FailureCategory.PROTOCOL, "could not be given the input it asked for: "
                            + answer.path("error").path("message").asText("the client refused"), "input request '" + a.getKey()
                            + "' refused: " + answer.path("error"), null);
                }
                responses.set(a.getKey(), answer.path("result"));
            }
        } catch (TimeoutException e) {
            String within = "did not get the input it asked for within " + spec.timeout().toMillis() + " ms";
            throw new BackendException(spec.name(), FailureCategory.TIMEOUT, within, within, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(spec.name(), "was not given the input it asked for: interrupted", e);
        } catch (ExecutionException e) {
            throw new BackendException(spec.name(), "was not given the input it asked for", e);
        } finally {
            answers.values().forEach(f -> asked.values().remove(f));
        }
        return responses;
    }

    /**
     * A 2025-era client's resources/subscribe or resources/unsubscribe: the new set of URIs gets a
     * listen stream of its own, and once the backend acknowledged it, the old one is closed (so no
     * update falls between the two). The client's answer is the empty result those methods have.
     */
    private JsonNode subscription(CallerIdentity caller, boolean subscribe, JsonNode params) {
        String method = subscribe ? "resources/subscribe" : "resources/unsubscribe";
        JsonNode uri = params == null ? null : params.get("uri");
        if (uri == null || !uri.isTextual()) {
            throw new BackendRpcException(spec.name(), JsonRpc.INVALID_PARAMS, "params.uri is required", null);
        }
        if (!state(caller).serverCapabilities().path("resources").path("subscribe").asBoolean(false)) {
            throw new BackendRpcException(spec.name(), JsonRpc.METHOD_NOT_FOUND,
                    "this server does not take resource subscriptions", null);
        }
        Listen old;
        Listen now;
        synchronized (this) {
            if (closed || !(subscribe ? subscribed.add(uri.asText()) : subscribed.remove(uri.asText()))) {
                return Json.object();
            }
            old = resourceListen;
            now = subscribed.isEmpty() ? null : Listen.open(this, caller.withoutTrace(), subscriptionsFilter(), true);
            resourceListen = now;
        }
        try {
            if (now != null) {
                now.acknowledged(spec.name(), System.currentTimeMillis() + spec.timeout().toMillis());
            }
        } catch (BackendException e) {
            synchronized (this) {
                if (subscribe) {
                    subscribed.remove(uri.asText());
                }
                if (resourceListen == now) {
                    // the old stream still carries the set it had
                    resourceListen = old;
                    old = null;
                }
            }
            now.close();
            throw e;
        } finally {
            if (old != null) {
                old.close();
            }
        }
        return Json.object();
    }

    private ObjectNode subscriptionsFilter() {
        ObjectNode filter = Json.object();
        subscribed.forEach(filter.putArray("resourceSubscriptions")::add);
        return filter;
    }

    /** The {@code subscriptions/listen} POST for {@code notifications}, its answer's events read into {@code events}. */
    private OutboundRequest listenRequest(CallerIdentity caller, ObjectNode notifications, EventStreamListener events) {
        JsonNode id = McpClientMessages.id(ids.incrementAndGet());
        ObjectNode p = withMeta(Json.object().set("notifications", notifications));
        OutboundRequest req = OutboundRequest.listenStream(spec, caller, purpose, spec.url(),
                Json.bytes(JsonRpc.request(id, "subscriptions/listen", p)), id, "subscriptions/listen", events);
        return mirrored(req, "subscriptions/listen", p);
    }

    @Override
    public void close() {
        // no session to end; the listen streams go
        Listen resources;
        synchronized (this) {
            closed = true;
            resources = resourceListen;
            resourceListen = null;
        }
        if (resources != null) {
            resources.close();
        }
        Listen lists = listListen;
        if (lists != null) {
            lists.close();
        }
    }

    /**
     * One listen stream: what it carries goes to the session's listener as a GET stream's would,
     * without the revision's subscription id; its acknowledgement is the stream's own business.
     */
    private static final class Listen implements BackendListener {

        static final Listen NOT_OPEN = new Listen(null);

        private final BackendListener listener;
        private final CompletableFuture<Void> ack = new CompletableFuture<>();
        private volatile BackendEventStream stream;

        private Listen(BackendListener listener) {
            this.listener = listener;
        }

        /** @param asked a client's subscription (opened even while the client holds no GET stream), or the catalog's */
        static Listen open(ModernHttpSession session, CallerIdentity caller, ObjectNode filter, boolean asked) {
            Listening l = session.listening;
            Listen listen = new Listen(l.listener());
            java.util.function.Supplier<BackendEventStream> make = () -> new BackendEventStream(session.spec, session.sender,
                    caller, session.purpose, (events, lastEventId) -> session.listenRequest(caller, filter, events), l.owner(), listen);
            listen.stream = asked ? l.streams().startAsked(make) : l.streams().start(l.owner(), session.spec, make);
            return listen;
        }

        @Override
        public boolean message(String owner, BackendSpec backend, JsonNode message, Consumer<ObjectNode> reply) {
            if ("notifications/subscriptions/acknowledged".equals(message.path("method").asText())) {
                ack.complete(null);
                return true;
            }
            JsonNode meta = message.path("params").path("_meta");
            if (meta.has(SUBSCRIPTION_KEY)) {
                ((ObjectNode) meta).remove(SUBSCRIPTION_KEY);
                if (meta.isEmpty()) {
                    ((ObjectNode) message.get("params")).remove("_meta");
                }
            }
            return listener.message(owner, backend, message, reply);
        }

        /** Waits for the backend to acknowledge the stream; fails when it cannot open or ended first. */
        void acknowledged(String backend, long deadlineMillis) {
            BackendEventStream s = stream;
            if (s == null) {
                throw new BackendException(backend, "cannot be subscribed to now: the gateway holds its maximum of backend"
                        + " streams (caravan.backend.event-streams.max)");
            }
            while (!ack.isDone()) {
                if (s.finished()) {
                    throw new BackendException(backend, "did not accept a resource subscription (its subscriptions/listen stream did not open)");
                }
                if (System.currentTimeMillis() >= deadlineMillis) {
                    throw new BackendException(backend, FailureCategory.TIMEOUT, "did not acknowledge a resource subscription in time",
                            "no notifications/subscriptions/acknowledged before the timeout", null);
                }
                try {
                    ack.get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // look again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BackendException(backend, "was interrupted while subscribing", e);
                } catch (ExecutionException e) {
                    throw new BackendException(backend, "did not accept a resource subscription", e);
                }
            }
        }

        void close() {
            BackendEventStream s = stream;
            if (s != null) {
                s.close();
            }
        }
    }

    private JsonNode send(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink) {
        return send(caller, method, params, sink, null);
    }

    /** With a cancellation: the revision's cancel is closing the answer's stream, which the decoder does. */
    private JsonNode send(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink,
                          Cancellation cancellation) {
        JsonNode id = McpClientMessages.id(ids.incrementAndGet());
        OutboundRequest req = request(spec, caller, purpose, id, method, params, sink).cancellation(cancellation);
        if ("tools/call".equals(method)) {
            JsonNode schema = headerTools.get(params.path("name").asText());
            if (schema != null) {
                req.headers().putAll(McpHeaders.params(schema, params.path("arguments")));
            }
        }
        BackendReply reply = sender.send(req);
        // a 4xx with this request's JSON-RPC error is the method's answer (-32021 and the like: the
        // client gets it as it is); any other 4xx, a transport refusal (a legacy server's "no
        // session", id null), says the backend may no longer speak this revision
        JsonNode answer = reply.message();
        boolean ours = answer != null && answer.has("error") && JsonRpc.sameId(answer.get("id"), id);
        if (!reply.ok() && !ours) {
            throw new BackendException(spec.name(), "answered " + method + " with HTTP " + reply.status(),
                    reply.status(), reply.retryAfter(), null);
        }
        return McpClientMessages.result(spec, reply.message(), method);
    }

    /** One 2026-07-28 request: the params with the gateway's _meta, and the headers that mirror the body. */
    static OutboundRequest request(BackendSpec spec, CallerIdentity caller, Pipeline.Purpose purpose, JsonNode id, String method,
                                   JsonNode params, Consumer<JsonNode> sink) {
        ObjectNode p = withMeta(params);
        OutboundRequest req = new OutboundRequest(spec, caller, purpose, OutboundRequest.Method.POST, spec.url(),
                Json.bytes(JsonRpc.request(id, method, p)), id, method, sink, false);
        return mirrored(req, method, p);
    }

    /** A copy of the params with the gateway's {@code _meta}: the revision, its client info, and capabilities. */
    private static ObjectNode withMeta(JsonNode params) {
        ObjectNode p = params == null || !params.isObject() ? Json.object() : ((ObjectNode) params).deepCopy();
        ObjectNode meta = p.has("_meta") && p.get("_meta").isObject() ? (ObjectNode) p.get("_meta") : p.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "caravan").put("version", Caravan.VERSION);
        if (!meta.path(CAPABILITIES_KEY).isObject()) {
            // the gateway's own (and a legacy client's) calls declare nothing: it cannot relay input requests
            meta.putObject(CAPABILITIES_KEY);
        }
        return p;
    }

    /** The protocol's headers, and those that mirror the body (Mcp-Method, Mcp-Name). */
    private static OutboundRequest mirrored(OutboundRequest req, String method, ObjectNode p) {
        req.headers().put("Content-Type", "application/json");
        req.headers().put("Accept", ACCEPT);
        req.headers().put("MCP-Protocol-Version", VERSION);
        req.headers().put("Mcp-Method", method);
        String field = McpHeaders.nameField(method);
        if (field != null && p.path(field).isTextual()) {
            req.headers().put("Mcp-Name", McpHeaders.encode(p.get(field).asText()));
        }
        return req;
    }

    /** Keeps the schemas of the tools that mark arguments for Mcp-Param-* headers (shared by the backend's sessions). */
    private void remember(JsonNode tools) {
        for (JsonNode tool : tools) {
            JsonNode schema = tool.path("inputSchema");
            if (schema.toString().contains("\"x-mcp-header\"")) {
                headerTools.put(tool.path("name").asText(), schema);
            } else {
                headerTools.remove(tool.path("name").asText());
            }
        }
    }

    private static State state(JsonNode discover) {
        JsonNode info = discover.path("_meta").path("io.modelcontextprotocol/serverInfo");
        return new State(null, VERSION, discover.path("capabilities"), info.isMissingNode() ? discover.path("serverInfo") : info);
    }
}
