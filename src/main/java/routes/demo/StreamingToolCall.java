package routes.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what a tool reports while it runs, as the notifications that precede its response on
 * an SSE stream. Log messages below the session's level are dropped, as logging/setLevel asks.
 */
final class StreamingToolCall implements ToolCallContext {

    /** For calls that cannot stream: reports go nowhere. */
    static final ToolCallContext DISCARD = new ToolCallContext() {
        @Override
        public void progress(double progress, Double total, String message) {
        }

        @Override
        public void log(String level, String message) {
        }
    };

    private final JsonNode progressToken;
    private final LogLevel threshold;
    private final String logger;
    private final List<ObjectNode> notifications = new ArrayList<>();
    private boolean progressSent;
    private boolean logSent;

    StreamingToolCall(JsonNode progressToken, LogLevel threshold, String logger) {
        this.progressToken = progressToken;
        this.threshold = threshold;
        this.logger = logger;
    }

    @Override
    public synchronized void progress(double progress, Double total, String message) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.set("progressToken", progressToken);
        params.put("progress", progress);
        if (total != null) {
            params.put("total", total);
        }
        if (message != null) {
            params.put("message", message);
        }
        notifications.add(JsonRpc.notification("notifications/progress", params));
        progressSent = true;
    }

    @Override
    public synchronized void log(String level, String message) {
        LogLevel parsed = LogLevel.parse(level)
                .orElseThrow(() -> new IllegalStateException("tool used unknown log level " + level));
        if (parsed.compareTo(threshold) < 0) {
            return;
        }
        ObjectNode params = JsonNodeFactory.instance.objectNode()
                .put("level", parsed.wireName()).put("logger", logger).put("data", message);
        notifications.add(JsonRpc.notification("notifications/message", params));
        logSent = true;
    }

    /**
     * The notifications to send before the response. A tool that reported nothing still gets one
     * progress and one log event, so every tool of every fixture streams when asked to, and a
     * gateway's relaying of notifications can be tested with any tool.
     */
    synchronized List<ObjectNode> notifications(String toolName) {
        if (!progressSent) {
            progress(1, 1.0, "tool " + toolName + " finished");
        }
        if (!logSent) {
            log("info", "tools/call " + toolName);
        }
        return List.copyOf(notifications);
    }
}
