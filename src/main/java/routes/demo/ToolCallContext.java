package routes.demo;

/**
 * Lets a tool handler report progress and log messages while it runs. What it reports reaches
 * the client only when the call can be answered as an SSE stream (the request carried a
 * {@code progressToken} and the client accepts {@code text/event-stream}); otherwise it is dropped,
 * so handlers never need to check.
 */
public interface ToolCallContext {

    /** Reports progress; {@code total} may be null when unknown. */
    void progress(double progress, Double total, String message);

    /** Sends a {@code notifications/message} at the given RFC 5424 level (e.g. "info"). */
    void log(String level, String message);
}
