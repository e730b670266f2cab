package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import routes.kernel.BackendException;
import routes.kernel.FailureCategory;
import routes.protocol.Json;
import routes.protocol.JsonRpc;
import routes.protocol.SseReader;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads a backend's HTTP answer into a {@link BackendReply}: a JSON body, or an SSE stream read
 * event by event, where every message before the response goes to the request's message sink in
 * order (progress, logging, list_changed). Bodies are capped; garbage becomes a clear error.
 * A legacy SSE stream ({@link OutboundRequest.Answer#EVENT_STREAM}) is read to its end, each event
 * handed to the request's {@link EventStreamListener}; a legacy POST's body is not read at all.
 *
 * <p>Reads the camel-http response and {@link OutboundRequest#PROPERTY}; leaves a BackendReply body.
 */
public final class BackendResponseDecoder implements Processor {

    private final long maxResponseBytes;
    private final CallDeadlines deadlines;
    private final long maxCallMillis;

    public BackendResponseDecoder(long maxResponseBytes) {
        this(maxResponseBytes, null, 0);
    }

    /**
     * @param deadlines     ends an answer still being read when its call's timeout has passed (null:
     *                      no deadline, only the socket's idle timeout)
     * @param maxCallMillis how long progress notifications may keep a call going in all (a call
     *                      without progress ends at its timeout)
     */
    public BackendResponseDecoder(long maxResponseBytes, CallDeadlines deadlines, long maxCallMillis) {
        this.maxResponseBytes = maxResponseBytes;
        this.deadlines = deadlines;
        this.maxCallMillis = maxCallMillis;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        OutboundRequest req = exchange.getProperty(OutboundRequest.PROPERTY, OutboundRequest.class);
        Message msg = exchange.getMessage();
        int status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String sessionId = header(msg, "Mcp-Session-Id");
        String retryAfter = header(msg, "Retry-After");
        String contentType = header(msg, Exchange.CONTENT_TYPE);
        Decoded decoded = Decoded.NOTHING;
        try (InputStream body = msg.getBody(InputStream.class)) {
            if (status >= 200 && status < 300 && body != null) {
                switch (req.answer()) {
                    case RESPONSE -> decoded = withinDeadline(exchange, req, body,
                            () -> readResponse(req, status, contentType, body));
                    case EVENT_STREAM -> readEventStream(req, contentType, body);
                    case STATUS -> {
                        // the response comes on the event stream; closing the body drains it
                    }
                }
            } else if (status >= 400 && status < 500 && body != null && req.answer() == OutboundRequest.Answer.RESPONSE
                    && contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                decoded = Decoded.of(errorOf(body));
            }
        }
        msg.getHeaders().clear();
        msg.setBody(new BackendReply(status, sessionId, retryAfter, decoded.message(), decoded.resume()));
    }

    /** The response read, or where an SSE answer that ended without it can be resumed. */
    private record Decoded(JsonNode message, BackendReply.Resume resume) {
        static final Decoded NOTHING = new Decoded(null, null);

        static Decoded of(JsonNode message) {
            return message == null ? NOTHING : new Decoded(message, null);
        }
    }

    private interface Read {
        Decoded read() throws IOException;
    }

    /**
     * The backend's timeout is a deadline for the whole call, counted from when the request left,
     * not only the socket's idle timer: a backend that trickles bytes, or keeps an event stream
     * alive with comments and never answers, is cut off when the time is up. A resumed answer
     * keeps the deadline of the call it belongs to. A client that cancels (or goes away) cuts the
     * answer off too.
     */
    private Decoded withinDeadline(Exchange exchange, OutboundRequest req, InputStream body, Read read) throws IOException {
        Cancellation cancellation = req.cancellation();
        if (cancellation != null) {
            cancellation.onCancel(() -> abort(body));
        }
        try {
            if (deadlines == null) {
                return read.read();
            }
            long timeout = req.backend().timeout().toMillis();
            long deadline = req.deadlineMillis() > 0 ? req.deadlineMillis() : exchange.getClock().getCreated() + timeout;
            return readBefore(deadline - timeout, req, body, read);
        } catch (IOException | RuntimeException e) {
            if (cancellation == null || !cancellation.cancelled()) {
                throw e;
            }
            // the client cancelled or went away: the answer was cut off on purpose
            throw new BackendException(req.backend().name(), FailureCategory.CANCELLED, FailureCategory.CANCELLED.clientText(),
                    "was not waited for: " + cancellation.reason(), e);
        } finally {
            if (cancellation != null) {
                cancellation.onCancel(null);
            }
        }
    }

    private Decoded readBefore(long startMillis, OutboundRequest req, InputStream body, Read read) throws IOException {
        long timeout = req.backend().timeout().toMillis();
        long deadline = startMillis + timeout;
        try (CallDeadlines.Watch watch = deadlines.watch(deadline, startMillis + Math.max(timeout, maxCallMillis),
                () -> abort(body), req.cancellation())) {
            req.deadline(watch);
            try {
                return read.read();
            } catch (IOException | RuntimeException e) {
                if (!watch.expired()) {
                    throw e;
                }
                String within = watch.extended(deadline)
                        ? "did not answer within " + (System.currentTimeMillis() - startMillis) + " ms (its progress kept it going up to the "
                        + maxCallMillis + " ms limit, caravan.backend.max-call-duration)"
                        : "did not answer within " + timeout + " ms";
                throw new BackendException(req.backend().name(), FailureCategory.TIMEOUT, within,
                        within + " (still sending, but no answer)", e);
            } finally {
                req.deadline(null);
            }
        }
    }

    private Decoded readResponse(OutboundRequest req, int status, String contentType, InputStream body) throws IOException {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("text/event-stream")) {
            return readStream(req, body);
        }
        if (type.startsWith("application/json")) {
            return Decoded.of(readJson(req, body));
        }
        if (status != 202 && body.read() != -1) {
            throw new BackendException(req.backend().name(),
                    "answered with content type '" + contentType + "', not JSON or an event stream", status, null, null);
        }
        return Decoded.NOTHING;
    }

    /**
     * A standalone stream (legacy SSE): every event goes to the listener until the stream ends.
     * The byte cap applies per event here, since the stream itself may live for days.
     */
    private void readEventStream(OutboundRequest req, String contentType, InputStream body) throws IOException {
        String name = req.backend().name();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            throw new NotAnEventStream(name, "answered the event-stream GET with content type '" + contentType
                    + "', not text/event-stream");
        }
        EventStreamListener listener = req.streamListener();
        if (listener == null) {
            readStream(req, body);
            return;
        }
        listener.opened(() -> abort(body));
        EventBudget budget = new EventBudget(body, maxResponseBytes, name);
        SseReader reader = new SseReader(budget, Long.MAX_VALUE);
        SseReader.Event event;
        try {
            while ((event = reader.next()) != null) {
                budget.restart();
                listener.position(reader.lastEventId(), reader.retryMillis());
                if ("endpoint".equals(event.event())) {
                    listener.endpoint(event.data().trim());
                } else if ("message".equals(event.event()) && !event.data().isBlank()) {
                    listener.message(parse(req, event.data()));
                }
            }
        } finally {
            // an id or retry in the stream's last lines counts too, however the stream ended
            listener.position(reader.lastEventId(), reader.retryMillis());
        }
    }

    /** A 2xx answer to an event-stream GET that is not an event stream: asking again will not change it. */
    static final class NotAnEventStream extends BackendException {
        NotAnEventStream(String backend, String reason) {
            super(backend, reason);
        }
    }

    /** Ends a stream another thread is reading: the connection is closed, not drained. */
    private static void abort(InputStream body) {
        try {
            if (body instanceof EofSensorInputStream sensor) {
                // a plain close would read the chunked stream to its end, which may never come
                sensor.abort();
            } else {
                body.close();
            }
        } catch (IOException ignored) {
            // the stream is unusable either way, which is what the caller wants
        }
    }

    /**
     * The JSON-RPC error a 4xx answer carries, or null: 2026-07-28 answers errors with 400 or 404
     * and the error object (e.g. -32021 with the capabilities a tool needs), which the client must
     * get as it is. Anything else in a 4xx body is not read further; the status says enough.
     */
    private JsonNode errorOf(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes((int) Math.min(64 * 1024, maxResponseBytes));
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            return node != null && node.isObject() && node.path("error").isObject() && node.path("error").has("code") ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private JsonNode readJson(OutboundRequest req, InputStream body) throws IOException {
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
        if (bytes.length > maxResponseBytes) {
            throw new BackendException(req.backend().name(), "answered more than " + maxResponseBytes + " bytes");
        }
        if (bytes.length == 0) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new BackendException(req.backend().name(), "answered with malformed JSON");
        }
        if (node.isObject() && JsonRpc.isResponse(node)) {
            if (req.requestId() != null && !JsonRpc.sameId(node.get("id"), req.requestId())) {
                // an answer to another request is no answer to this one: a protocol error, not a result
                throw new BackendException(req.backend().name(), FailureCategory.PROTOCOL,
                        "answered with a response to another request (a protocol error)",
                        "answered request id " + req.requestId() + " with a response for id " + node.get("id"), null);
            }
            return node;
        }
        if (node.isArray()) {
            // a 2025-03-26 server may answer in a batch: deliver the others, keep ours
            JsonNode mine = null;
            for (JsonNode m : node) {
                if (JsonRpc.isResponse(m) && JsonRpc.sameId(m.get("id"), req.requestId())) {
                    mine = m;
                } else if (req.messageSink() != null) {
                    req.messageSink().accept(m);
                }
            }
            if (mine != null) {
                return mine;
            }
        }
        throw new BackendException(req.backend().name(), "answered with JSON that is not a JSON-RPC response");
    }

    private Decoded readStream(OutboundRequest req, InputStream body) throws IOException {
        SseReader reader = new SseReader(body, maxResponseBytes);
        SseReader.Event event;
        while ((event = reader.next()) != null) {
            if (!"message".equals(event.event()) || event.data().isBlank()) {
                continue;
            }
            JsonNode node = parse(req, event.data());
            if (!req.readWholeStream() && JsonRpc.isResponse(node) && JsonRpc.sameId(node.get("id"), req.requestId())) {
                return Decoded.of(node);
            }
            if ("notifications/progress".equals(node.path("method").asText())) {
                // the spec lets progress extend a call; keep-alive comments and stray bytes never do
                req.progressed();
            }
            if (req.messageSink() != null) {
                req.messageSink().accept(node);
            }
        }
        if (req.readWholeStream()) {
            return Decoded.NOTHING;
        }
        String lastId = reader.lastEventId();
        if (lastId != null && !lastId.isEmpty()) {
            // the backend gave its events ids, so it means the stream to be resumed (SSE polling)
            return new Decoded(null, new BackendReply.Resume(lastId, reader.retryMillis()));
        }
        throw new BackendException(req.backend().name(), "closed the event stream before answering");
    }

    private static JsonNode parse(OutboundRequest req, String data) {
        try {
            return Json.MAPPER.readTree(data);
        } catch (IOException e) {
            throw new BackendException(req.backend().name(), "sent an event that is not JSON");
        }
    }

    private static String header(Message msg, String name) {
        // Camel's header map is case-insensitive, whatever spelling the backend used
        Object v = msg.getHeader(name);
        if (v instanceof java.util.List<?> list) {
            v = list.isEmpty() ? null : list.get(0);
        }
        return v == null ? null : v.toString();
    }
}
