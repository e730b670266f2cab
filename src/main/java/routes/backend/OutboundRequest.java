package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.Pipeline;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One HTTP message a backend session wants sent: what {@link PipelineSender} puts on the exchange
 * (the {@link Pipeline} contract: protocol headers as Camel headers, the body, the backend, caller
 * and purpose as properties) and what the HTTP step and the decoder need besides (exchange property
 * {@link #PROPERTY}: method, target, which answer to read and where streamed messages go).
 */
public final class OutboundRequest {

    public static final String PROPERTY = "caravanOutbound";

    public enum Method { POST, GET, DELETE }

    /** What the decoder reads from the backend's answer. */
    public enum Answer {
        /** The JSON-RPC response, as JSON or at the end of an SSE stream (streamable HTTP). */
        RESPONSE,
        /** Only the status: the response comes on the event stream (legacy HTTP+SSE POST). */
        STATUS,
        /** Every event until the stream ends (legacy HTTP+SSE GET, standalone listeners). */
        EVENT_STREAM
    }

    private final BackendSpec backend;
    private final CallerIdentity caller;
    private final Pipeline.Purpose purpose;
    private final Method method;
    private final URI target;
    private final byte[] body;
    private final JsonNode requestId;
    private final String rpcMethod;
    // header names are case-insensitive on the wire; one map keeps "x-api-key" and "X-Api-Key" as one
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Consumer<JsonNode> messageSink;
    private final Answer answer;
    private final EventStreamListener streamListener;
    /** When the call this message belongs to must be answered (epoch ms), or 0: its exchange's start plus the timeout. */
    private final long deadlineMillis;
    private volatile Cancellation cancellation;
    /** The deadline of the answer being read now (set by the decoder), so progress can extend it. */
    private volatile CallDeadlines.Watch deadline;

    /**
     * @param requestId       the JSON-RPC id whose response ends an SSE answer, or null
     * @param rpcMethod       the JSON-RPC method sent (for logs and metrics), or null
     * @param messageSink     receives every other message the backend streams while answering
     * @param readWholeStream true for a standalone stream (legacy SSE, GET listener): read until it ends
     */
    public OutboundRequest(BackendSpec backend, CallerIdentity caller, Pipeline.Purpose purpose, Method method, URI target,
                           byte[] body, JsonNode requestId, String rpcMethod, Consumer<JsonNode> messageSink,
                           boolean readWholeStream) {
        this(backend, caller, purpose, method, target, body, requestId, rpcMethod, messageSink,
                readWholeStream ? Answer.EVENT_STREAM : Answer.RESPONSE, null, 0);
    }

    private OutboundRequest(BackendSpec backend, CallerIdentity caller, Pipeline.Purpose purpose, Method method, URI target,
                            byte[] body, JsonNode requestId, String rpcMethod, Consumer<JsonNode> messageSink, Answer answer,
                            EventStreamListener streamListener, long deadlineMillis) {
        this.backend = backend;
        this.caller = caller;
        this.purpose = purpose;
        this.method = method;
        this.target = target;
        this.body = body;
        this.requestId = requestId;
        this.rpcMethod = rpcMethod;
        this.messageSink = messageSink;
        this.answer = answer;
        this.streamListener = streamListener;
        this.deadlineMillis = deadlineMillis;
    }

    /** A GET for a standalone event stream, read until it ends; its events go to {@code listener}. */
    public static OutboundRequest eventStream(BackendSpec backend, CallerIdentity caller, Pipeline.Purpose purpose, URI target,
                                              EventStreamListener listener) {
        return new OutboundRequest(backend, caller, purpose, Method.GET, target, null, null, null, null, Answer.EVENT_STREAM,
                listener, 0);
    }

    /**
     * A POST whose answer is an event stream read until it ends (2026-07-28's
     * {@code subscriptions/listen}); its events go to {@code listener}.
     */
    public static OutboundRequest listenStream(BackendSpec backend, CallerIdentity caller, Pipeline.Purpose purpose,
                                               URI target, byte[] body, JsonNode requestId, String rpcMethod,
                                               EventStreamListener listener) {
        return new OutboundRequest(backend, caller, purpose, Method.POST, target, body, requestId, rpcMethod, null,
                Answer.EVENT_STREAM, listener, 0);
    }

    /** A POST whose answer is only a status: its response, if any, arrives on an event stream. */
    public static OutboundRequest postForStatus(BackendSpec backend, CallerIdentity caller, Pipeline.Purpose purpose, URI target,
                                                byte[] body, JsonNode requestId, String rpcMethod) {
        return new OutboundRequest(backend, caller, purpose, Method.POST, target, body, requestId, rpcMethod, null, Answer.STATUS,
                null, 0);
    }

    /**
     * A GET that resumes the SSE answer to {@code answered} (set {@code Last-Event-ID} on it): read
     * like the first answer, its messages to the same sink, under the same deadline.
     */
    public static OutboundRequest resumeAnswer(OutboundRequest answered, long deadlineMillis) {
        // the client may still cancel the call while its answer is resumed
        return new OutboundRequest(answered.backend, answered.caller, answered.purpose, Method.GET, answered.target, null,
                answered.requestId, null, answered.messageSink, Answer.RESPONSE, null, deadlineMillis)
                .cancellation(answered.cancellation);
    }

    public BackendSpec backend() {
        return backend;
    }

    /** Who the request is made for; {@link CallerIdentity#GATEWAY} for the gateway's own calls. */
    public CallerIdentity caller() {
        return caller;
    }

    /** Why the message is sent. */
    public Pipeline.Purpose purpose() {
        return purpose;
    }

    public Method method() {
        return method;
    }

    public URI target() {
        return target;
    }

    public byte[] body() {
        return body;
    }

    public JsonNode requestId() {
        return requestId;
    }

    public String rpcMethod() {
        return rpcMethod;
    }

    /**
     * The protocol's own headers the session sets (Content-Type, Accept, MCP-Protocol-Version,
     * Mcp-Session-Id); the pipeline starts from these, as Camel message headers.
     */
    public Map<String, String> headers() {
        return headers;
    }

    public Consumer<JsonNode> messageSink() {
        return messageSink;
    }

    public Answer answer() {
        return answer;
    }

    public boolean readWholeStream() {
        return answer == Answer.EVENT_STREAM;
    }

    /** The deadline of the call this message belongs to (epoch ms), or 0 if it is its own: now plus the backend's timeout. */
    public long deadlineMillis() {
        return deadlineMillis;
    }

    /** Receives an {@link Answer#EVENT_STREAM}'s events; null means its messages go to {@link #messageSink()}. */
    public EventStreamListener streamListener() {
        return streamListener;
    }

    /** How the client may stop this request while its answer is read, or null. */
    public Cancellation cancellation() {
        return cancellation;
    }

    public OutboundRequest cancellation(Cancellation c) {
        this.cancellation = c;
        return this;
    }

    void deadline(CallDeadlines.Watch watch) {
        this.deadline = watch;
    }

    /** The backend reported progress: the call may run longer, up to its limit. */
    void progressed() {
        CallDeadlines.Watch w = deadline;
        if (w != null) {
            w.extend(System.currentTimeMillis() + backend.timeout().toMillis());
        }
    }
}
