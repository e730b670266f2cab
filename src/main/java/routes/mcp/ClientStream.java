package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.protocol.Json;

/**
 * One SSE stream of the gateway to a client: a session's GET stream, or the answer of one POST.
 * Events are written straight to the Vert.x response, so each leaves when it is sent (a body
 * InputStream would be buffered by platform-http), and no thread waits while the stream is open.
 *
 * <p>A stream outlives its connection: events carry ids ({@code <stream>-<seq>}, unique in the
 * session, naming the stream), are kept in a bounded {@link ReplayBuffer}, and a client that lost
 * the connection resumes with GET + Last-Event-ID on a new one ({@link #connect}), getting what it
 * missed; events sent meanwhile are buffered. A stream without a session has no ids and no replay.
 * Thread-safe: notifications, heartbeats, the final response and the connection's close handler
 * come from different threads.
 */
public final class ClientStream {

    private static final Logger LOG = LoggerFactory.getLogger(ClientStream.class);

    private final String id;
    private final boolean standalone;
    private final ReplayBuffer replay;
    private volatile HttpServerResponse connection;
    private long connectedMillis;
    private volatile long lastUsedMillis;
    private long seq;
    private boolean done;
    private boolean closed;

    /**
     * @param id         the stream's id in its session, or null for a stream no client can resume
     * @param standalone a session's GET stream (the others answer one POST)
     */
    ClientStream(String id, boolean standalone, StreamLimits limits, long now) {
        this.id = id;
        this.standalone = standalone;
        this.replay = new ReplayBuffer(id == null ? 0 : limits.replayEvents(), limits.replayBytes());
        this.lastUsedMillis = now;
    }

    public String id() {
        return id;
    }

    boolean standalone() {
        return standalone;
    }

    /**
     * Puts this stream on a connection: sends status and headers, a priming event when asked (an
     * id with empty data, the cursor the client resumes from), then every buffered event after
     * {@code afterSeq}. A connection the stream still had is closed first: the client that resumes
     * is the one that lost it, and a half-open one would otherwise keep it out until the next
     * heartbeat. A stream that is already done ends the new connection after the replay.
     *
     * @param sessionId null before a session exists
     * @return false when the stream was closed (its session ended)
     */
    public synchronized boolean connect(HttpServerResponse response, String sessionId, long afterSeq, boolean prime) {
        if (closed) {
            return false;
        }
        if (connection != null) {
            endConnection(connection);
        }
        response.setStatusCode(200);
        response.setChunked(true);
        response.putHeader("Content-Type", "text/event-stream");
        response.putHeader("Cache-Control", "no-cache, no-transform");
        response.putHeader("X-Accel-Buffering", "no");
        if (sessionId != null) {
            response.putHeader("Mcp-Session-Id", sessionId);
        }
        StringBuilder head = new StringBuilder(": stream open\n\n");
        if (prime && id != null) {
            // "data:" with no value is an empty data field (clients of 2025-11-25 skip it)
            head.append("id: ").append(eventId(seq)).append("\ndata:\n\n");
        }
        for (String frame : replay.after(afterSeq)) {
            head.append(frame);
        }
        connection = response;
        connectedMillis = System.currentTimeMillis();
        lastUsedMillis = connectedMillis;
        response.closeHandler(v -> lost(response));
        // flush the head now so the client sees the stream open before the first event
        response.write(Buffer.buffer(head.toString()));
        if (done) {
            endConnection(response);
        }
        return true;
    }

    /** Writes one JSON-RPC message as an SSE event, buffering it for replay; false once the stream is over. */
    public synchronized boolean send(JsonNode message) {
        if (closed || done) {
            return false;
        }
        StringBuilder sb = new StringBuilder(256);
        if (id != null) {
            sb.append("id: ").append(eventId(++seq)).append('\n');
        }
        sb.append("event: message\n");
        // JSON has no raw newlines, but keep the framing correct whatever the text holds
        for (String line : Json.text(message).split("\n", -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        String frame = sb.append('\n').toString();
        replay.add(seq, frame);
        lastUsedMillis = System.currentTimeMillis();
        if (connected()) {
            connection.write(Buffer.buffer(frame));
        } else if (id == null) {
            return false;
        }
        return true;
    }

    /** A comment line that keeps idle proxies from closing the stream and reveals dead clients. */
    public synchronized void heartbeat() {
        if (connected()) {
            connection.write(Buffer.buffer(": keep-alive\n\n"));
        }
    }

    public synchronized boolean isConnected() {
        return connected();
    }

    /** Open for events: not done, not closed, and connected or resumable. */
    public synchronized boolean isOpen() {
        return !closed && !done && (connected() || id != null);
    }

    /**
     * Closes the connection but not the stream (it reached its maximum age): the client is told to
     * come back after {@code retryMillis} and resumes with Last-Event-ID.
     */
    synchronized void release(long retryMillis) {
        if (connected()) {
            connection.write(Buffer.buffer("retry: " + retryMillis + "\n\n"));
            endConnection(connection);
            connection = null;
            lastUsedMillis = System.currentTimeMillis();
        }
    }

    /** The stream is complete (a POST's answer was its last event): its connection ends; replay stays a while. */
    public synchronized void end() {
        done = true;
        lastUsedMillis = System.currentTimeMillis();
        if (connection != null) {
            endConnection(connection);
            connection = null;
        }
    }

    /** Its session ended: the connection ends and nothing is kept. */
    synchronized void close() {
        closed = true;
        end();
        replay.clear();
    }

    /** Connected since (epoch ms), or 0. */
    synchronized long connectedMillis() {
        return connected() ? connectedMillis : 0;
    }

    /** When it last had a connection or an event (epoch ms), for its replay window. */
    synchronized long lastUsedMillis() {
        return connected() ? System.currentTimeMillis() : lastUsedMillis;
    }

    /** The sequence number in an event id of this stream, or -1 when the id is not one of its ids. */
    long sequenceOf(String eventId) {
        if (id == null || !eventId.startsWith(id + "-")) {
            return -1;
        }
        try {
            long n = Long.parseLong(eventId.substring(id.length() + 1));
            synchronized (this) {
                return n >= 0 && n <= seq ? n : -1;
            }
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String eventId(long n) {
        return id + "-" + n;
    }

    private boolean connected() {
        return connection != null && !connection.ended() && !connection.closed();
    }

    /** The client went away: the replay window starts. No lock: Vert.x may call this while it holds its own. */
    private void lost(HttpServerResponse response) {
        if (connection == response) {
            lastUsedMillis = System.currentTimeMillis();
        }
    }

    private void endConnection(HttpServerResponse response) {
        if (!response.ended()) {
            if (response.closed()) {
                LOG.debug("Client closed SSE stream {} before it ended", id);
            }
            response.end();
        }
    }
}
