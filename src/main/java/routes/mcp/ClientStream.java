package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.protocol.Json;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SSE stream to one client, written straight to the Vert.x response so that each event leaves
 * when it is sent (a body InputStream would be buffered by platform-http). Thread-safe: backend
 * notifications, heartbeats and the final response may be written from different threads.
 */
public final class ClientStream {

    private static final Logger LOG = LoggerFactory.getLogger(ClientStream.class);

    private final HttpServerResponse response;
    private final String streamId;
    private final AtomicLong seq = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean started;

    public ClientStream(HttpServerResponse response, String streamId) {
        this.response = response;
        this.streamId = streamId;
        response.closeHandler(v -> closed.countDown());
        response.endHandler(v -> closed.countDown());
    }

    /** Sends status and headers; {@code sessionId} may be null (before a session exists). */
    public synchronized void start(String sessionId) {
        if (started) {
            return;
        }
        started = true;
        response.setStatusCode(200);
        response.setChunked(true);
        response.putHeader("Content-Type", "text/event-stream");
        response.putHeader("Cache-Control", "no-cache, no-transform");
        response.putHeader("X-Accel-Buffering", "no");
        if (sessionId != null) {
            response.putHeader("Mcp-Session-Id", sessionId);
        }
        // flush the headers now so the client sees the stream open before the first event
        response.write(Buffer.buffer(": stream open\n\n"));
    }

    public boolean isStarted() {
        return started;
    }

    public boolean isOpen() {
        return closed.getCount() > 0 && !response.ended() && !response.closed();
    }

    /** Writes one JSON-RPC message as an SSE event; false when the client has gone. */
    public synchronized boolean send(JsonNode message) {
        if (!isOpen()) {
            return false;
        }
        String id = streamId + "-" + seq.incrementAndGet();
        StringBuilder sb = new StringBuilder(256).append("id: ").append(id).append("\nevent: message\n");
        // JSON has no raw newlines, but keep the framing correct whatever the text holds
        for (String line : Json.text(message).split("\n", -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        sb.append('\n');
        response.write(Buffer.buffer(sb.toString()));
        return true;
    }

    /** A comment line that keeps idle proxies from closing the stream and reveals dead clients. */
    public synchronized void heartbeat() {
        if (isOpen()) {
            response.write(Buffer.buffer(": keep-alive\n\n"));
        }
    }

    public synchronized void end() {
        // End the response even when the client has gone: only an ended response tells
        // platform-http, after the route returns, that the answer was written here. Otherwise it
        // sets a status on a response whose head was sent and logs "Response head already sent".
        if (!response.ended()) {
            if (response.closed()) {
                LOG.debug("Client closed SSE stream {} before it ended", streamId);
            }
            response.end();
        }
        closed.countDown();
    }

    /** Blocks until the client disconnects or {@link #end()} is called, at most {@code maxMillis}. */
    public void awaitClose(long maxMillis) throws InterruptedException {
        closed.await(maxMillis, TimeUnit.MILLISECONDS);
    }
}
