package routes.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.Pipeline;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A backend session over the legacy HTTP+SSE transport (MCP 2024-11-05). The MCP session lives
 * as long as its GET stream ({@link LegacySseChannel}): opened and initialized on first use, and
 * opened anew by the next call after the stream ended (backend restart, network break). A
 * request the backend never received is sent once more on the new stream; one it did receive is
 * not, since a tool call must not run twice.
 */
final class LegacySseSession implements BackendSession {

    private final BackendSpec spec;
    private final OutboundSender sender;
    private final BackendListener listener;
    private final String owner;
    private final Pipeline.Purpose purpose;
    private final ClientProfile profile;
    private final AtomicLong ids = new AtomicLong();
    private final Object opening = new Object();
    private volatile LegacySseChannel channel;
    private volatile boolean closed;

    /** @param owner the session's owner (a client session's id, or the gateway), handed to the listener */
    LegacySseSession(BackendSpec spec, OutboundSender sender, BackendListener listener, String owner, Pipeline.Purpose purpose,
                     ClientProfile profile) {
        this.spec = spec;
        this.profile = profile;
        this.sender = sender;
        this.listener = listener;
        this.owner = owner;
        this.purpose = purpose;
    }

    @Override
    public BackendSpec spec() {
        return spec;
    }

    @Override
    public State state(CallerIdentity caller) {
        return ready(caller).state();
    }

    @Override
    public JsonNode call(CallerIdentity caller, String method, JsonNode params, Consumer<JsonNode> sink,
                         Cancellation cancellation) {
        // not cancellable: over the legacy transport the wait ends with the answer or the timeout

        JsonNode response;
        try {
            response = ready(caller).request(caller, method, params, sink);
        } catch (LegacySseChannel.NotDelivered e) {
            response = ready(caller).request(caller, method, params, sink);
        }
        return McpClientMessages.result(spec, response, method);
    }

    @Override
    public void send(CallerIdentity caller, ObjectNode message) {
        ready(caller).send(caller, message);
    }

    @Override
    public void close() {
        closed = true;
        LegacySseChannel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
    }

    /** The open, initialized channel; opens one when there is none or the last one ended. */
    private LegacySseChannel ready(CallerIdentity caller) {
        LegacySseChannel ch = channel;
        if (ch != null && ch.isOpen() && ch.state() != null) {
            return ch;
        }
        synchronized (opening) {
            ch = channel;
            if (ch != null && ch.isOpen() && ch.state() != null) {
                return ch;
            }
            if (ch != null) {
                // ended: its threads are gone or going; this waits for them
                ch.close();
            }
            return open(caller);
        }
    }

    private LegacySseChannel open(CallerIdentity caller) {
        if (closed) {
            throw new BackendException(spec.name(), "session was closed");
        }
        // the stream outlives the call that opens it: it carries the subject, not the trace
        LegacySseChannel ch = new LegacySseChannel(spec, sender, caller.withoutTrace(), purpose, listener, owner, ids);
        channel = ch;
        try {
            if (closed) {
                // close() ran while this channel was being made and did not see it
                throw new BackendException(spec.name(), "session was closed");
            }
            ch.awaitEndpoint();
            JsonNode result = McpClientMessages.result(spec,
                    ch.request(caller, "initialize", McpClientMessages.initializeParams(profile.capabilities()), null), "initialize");
            ch.notify(caller, "notifications/initialized");
            ch.initialized(McpClientMessages.state(null, result));
            return ch;
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
    }
}
