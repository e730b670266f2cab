package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.backend.Cancellation;
import routes.kernel.BackendSpec;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A 2026-07-28 client's calls to a backend that asks for input the 2025 way: a request to the
 * client (sampling, elicitation, roots) while it answers. The revision has no such requests; the
 * client is answered {@code input_required} with those requests as {@code inputRequests}, and its
 * retry carries {@code inputResponses} and the {@code requestState} it was given. So such a call
 * runs off the request's thread, and between rounds it is parked here under a random key (the
 * requestState, signed by {@link RequestStates} on its way out); the retry's answers go to the
 * backend under its own request ids, and the call goes on where it was. A call whose client does
 * not come back within the backend's timeout is cancelled; a call that cannot be parked (the
 * maximum is reached) runs as before, its requests refused.
 */
public final class ParkedCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ParkedCalls.class);

    /** What a parked call's requestState starts with (inside the gateway's envelope). */
    static final String STATE_PREFIX = "caravan-parked:";
    /** The client capability each input request needs. */
    private static final Map<String, String> CAPABILITY = Map.of(
            "sampling/createMessage", "sampling",
            "elicitation/create", "elicitation",
            "roots/list", "roots");
    /** Requests that arrive together go out in one round: how long the first waits for company. */
    private static final long GATHER_MILLIS = 20;

    private final ExecutorService threads;
    private final int max;
    private final Map<String, Parked> calls = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();

    /**
     * @param threads where the calls run (one thread per running call; bounded by {@code max})
     * @param max     how many such calls may run or wait at once
     */
    public ParkedCalls(ExecutorService threads, int max) {
        this.threads = threads;
        this.max = max;
    }

    /** A parkable call: given the sink for what the backend streams and the call's cancellation, its result. */
    @FunctionalInterface
    interface Call {
        JsonNode run(Consumer<JsonNode> sink, Cancellation cancellation);
    }

    /**
     * Runs the call off this thread and waits for its first round: its result, or an
     * input_required result when the backend asked for input. Null when no call can be parked now
     * (the caller then runs it inline).
     *
     * @param notifications where what the backend streams goes during this round (progress, logs)
     * @param toBackend     posts the client's answers in the backend session that asked
     * @param clientGone    whether this round's client went away
     */
    JsonNode start(BackendSpec backend, JsonNode clientCapabilities, Call call, Consumer<JsonNode> notifications,
                   Consumer<ObjectNode> toBackend, BooleanSupplier clientGone) {
        sweep();
        if (running.incrementAndGet() > max) {
            running.decrementAndGet();
            return null;
        }
        Parked p = new Parked(backend, clientCapabilities, toBackend);
        p.notifications = notifications;
        try {
            threads.execute(() -> {
                try {
                    p.events.add(new Outcome(call.run(p::fromBackend, p.cancellation), null));
                } catch (RuntimeException e) {
                    p.events.add(new Outcome(null, e));
                } finally {
                    running.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            running.decrementAndGet();
            return null;
        }
        return next(p, clientGone);
    }

    /**
     * A retry: the client's answers go to the backend, and the call's next round is waited for.
     *
     * @param key the parked call's key (the requestState without {@link #STATE_PREFIX})
     */
    JsonNode resume(String key, JsonNode inputResponses, Consumer<JsonNode> notifications, BooleanSupplier clientGone) {
        Parked p = calls.remove(key);
        if (p == null) {
            throw new McpException(JsonRpc.INVALID_PARAMS, "requestState is no longer valid (it was used, or its call ended"
                    + " or timed out); start the request over");
        }
        p.notifications = notifications;
        for (Map.Entry<String, JsonNode> asked : p.asked.entrySet()) {
            JsonNode answer = inputResponses == null ? null : inputResponses.get(asked.getKey());
            p.answer(answer != null && answer.isObject() ? JsonRpc.result(asked.getValue(), answer)
                    : JsonRpc.error(asked.getValue(), JsonRpc.INVALID_PARAMS, "the client gave no answer to this request"));
        }
        p.asked.clear();
        return next(p, clientGone);
    }

    /** Waits for the call's next event: its outcome, or input requests (then it is parked). */
    private JsonNode next(Parked p, BooleanSupplier clientGone) {
        Object event;
        try {
            do {
                event = p.events.poll(200, TimeUnit.MILLISECONDS);
                if (event == null && clientGone.getAsBoolean()) {
                    // nobody will retry: the backend need not wait for answers
                    p.cancellation.cancel("the client went away");
                    event = p.events.take();
                }
            } while (event == null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.cancellation.cancel("interrupted");
            throw new McpException(JsonRpc.INTERNAL_ERROR, "interrupted while waiting for the backend");
        }
        if (event instanceof Outcome o) {
            if (o.failure() != null) {
                throw o.failure() instanceof CompletionException ce && ce.getCause() instanceof RuntimeException r ? r : o.failure();
            }
            return o.result();
        }
        ObjectNode result = Json.object().put("resultType", "input_required");
        ObjectNode requests = result.putObject("inputRequests");
        for (JsonNode ask = (JsonNode) event; ask != null; ask = gather(p)) {
            String key = "input-" + (p.asked.size() + 1);
            p.asked.put(key, ask.get("id"));
            ObjectNode request = requests.putObject(key).put("method", ask.path("method").asText());
            request.set("params", ask.path("params").isObject() ? ask.get("params") : Json.object());
        }
        String key = UUID.randomUUID().toString();
        p.parkedUntil = System.currentTimeMillis() + p.backend.timeout().toMillis();
        calls.put(key, p);
        result.put("requestState", STATE_PREFIX + key);
        return result;
    }

    /** Another input request that came with the first, or null. */
    private static JsonNode gather(Parked p) {
        try {
            Object next = p.events.peek() instanceof JsonNode ? p.events.poll() : null;
            if (next == null && p.events.isEmpty()) {
                Thread.sleep(GATHER_MILLIS);
                next = p.events.peek() instanceof JsonNode ? p.events.poll() : null;
            }
            return (JsonNode) next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Calls whose client did not come back in time are cancelled (the backend is told). */
    private void sweep() {
        long now = System.currentTimeMillis();
        for (Iterator<Map.Entry<String, Parked>> it = calls.entrySet().iterator(); it.hasNext(); ) {
            Parked p = it.next().getValue();
            if (p.parkedUntil < now) {
                it.remove();
                p.cancellation.cancel("the client did not answer the backend's input requests in time");
            }
        }
    }

    /** The call ended (result or failure). */
    private record Outcome(JsonNode result, RuntimeException failure) {
    }

    /** One call: its events in order, what its client was asked (by input key → the backend's request id). */
    private static final class Parked {

        final BackendSpec backend;
        final JsonNode clientCapabilities;
        final Consumer<ObjectNode> toBackend;
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        final Map<String, JsonNode> asked = new ConcurrentHashMap<>();
        final Cancellation cancellation = new Cancellation(() -> false);
        volatile Consumer<JsonNode> notifications;
        volatile long parkedUntil;

        Parked(BackendSpec backend, JsonNode clientCapabilities, Consumer<ObjectNode> toBackend) {
            this.backend = backend;
            this.clientCapabilities = clientCapabilities;
            this.toBackend = toBackend;
        }

        /** What the backend streams while it answers: requests become input requests, the rest goes to the round's client. */
        void fromBackend(JsonNode message) {
            if (!JsonRpc.isRequest(message)) {
                notifications.accept(message);
                return;
            }
            String method = message.path("method").asText();
            if ("ping".equals(method)) {
                answer(JsonRpc.result(message.get("id"), Json.object()));
                return;
            }
            String capability = CAPABILITY.get(method);
            if (capability == null || clientCapabilities == null || !clientCapabilities.has(capability)) {
                answer(JsonRpc.error(message.get("id"), JsonRpc.METHOD_NOT_FOUND, "Method not found: " + (capability == null
                        ? "the gateway does not relay " + method : "the client did not declare the " + capability + " capability")));
                return;
            }
            events.add(message);
        }

        void answer(ObjectNode message) {
            try {
                toBackend.accept(message);
            } catch (RuntimeException e) {
                LOG.debug("Backend '{}' did not take the gateway's answer: {}", backend.name(), e.getMessage());
            }
        }
    }
}
