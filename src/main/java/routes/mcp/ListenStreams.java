package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Owner of the open subscriptions/listen streams of stateless (2026-07-28) clients: where the
 * gateway's list_changed notifications go for clients that have no session and no GET stream.
 * Each stream gets only the kinds its client asked for, each notification tagged with the
 * subscription's id. Streams hold no thread: they are written from here and from the
 * housekeeping timer, which also ends them at their maximum age.
 */
public final class ListenStreams {

    /** The filter fields the gateway honours, and the notification each one opts in to. */
    static final Map<String, String> FILTERS = Map.of(
            "toolsListChanged", "notifications/tools/list_changed",
            "promptsListChanged", "notifications/prompts/list_changed",
            "resourcesListChanged", "notifications/resources/list_changed");
    static final String SUBSCRIPTION_KEY = "io.modelcontextprotocol/subscriptionId";

    /**
     * One open stream: its client's subscription id (the listen request's id), what it wants, and
     * when the gateway ends it (epoch ms).
     */
    record Listener(ClientStream stream, JsonNode subscriptionId, Set<String> methods, long endsAt) {

        boolean send(String method) {
            ObjectNode params = Json.object();
            params.putObject("_meta").set(SUBSCRIPTION_KEY, subscriptionId);
            return stream.send(JsonRpc.notification(method, params));
        }

        /** The gateway ends the subscription: the listen result says so, and the client may listen again. */
        void end() {
            if (stream.isOpen()) {
                ObjectNode result = Json.object().put("resultType", "complete");
                result.putObject("_meta").set(SUBSCRIPTION_KEY, subscriptionId);
                stream.send(JsonRpc.result(subscriptionId, result));
            }
            stream.end();
        }
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final int max;

    public ListenStreams(int max) {
        this.max = max;
    }

    /** Adds a listener, or returns false when the gateway already holds its maximum of them. */
    boolean add(Listener listener) {
        listeners.removeIf(l -> !l.stream().isOpen());
        if (listeners.size() >= max) {
            return false;
        }
        listeners.add(listener);
        return true;
    }

    void remove(Listener listener) {
        listeners.remove(listener);
    }

    public int size() {
        return listeners.size();
    }

    /** Tells every listener that asked for them that these lists changed (body of catalog-refresh). */
    public void announce(List<String> notificationMethods) {
        for (String method : notificationMethods) {
            for (Listener l : listeners) {
                if (l.methods().contains(method) && !l.send(method)) {
                    listeners.remove(l);
                }
            }
        }
    }

    /**
     * Keeps every listen stream alive, drops the ones whose client went away, and ends those that
     * reached their maximum age (body of session-housekeeping).
     */
    public void heartbeat() {
        long now = System.currentTimeMillis();
        for (Listener l : listeners) {
            if (!l.stream().isOpen()) {
                listeners.remove(l);
            } else if (now >= l.endsAt()) {
                listeners.remove(l);
                l.end();
            } else {
                l.stream().heartbeat();
            }
        }
    }

    /** Ends every stream (shutdown). */
    public void closeAll() {
        for (Listener l : listeners) {
            l.end();
        }
        listeners.clear();
    }
}
