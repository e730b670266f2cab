package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One client session of the front door. The id is the only key; the rest is what the client
 * negotiated. Streams are the session's SSE streams (GET streams, where server notifications go,
 * and POST answers), kept for resumption.
 */
public final class McpSession {

    private final String id;
    private final String protocolVersion;
    private final JsonNode clientInfo;
    private final JsonNode clientCapabilities;
    private final SessionStreams streams;
    private final long createdMillis;
    private volatile long lastSeenMillis;
    private volatile boolean initialized;
    private volatile String logLevel = "info";

    McpSession(String id, String protocolVersion, JsonNode clientInfo, JsonNode clientCapabilities, long now,
               StreamLimits streamLimits) {
        this.streams = new SessionStreams(streamLimits);
        this.id = id;
        this.protocolVersion = protocolVersion;
        this.clientInfo = clientInfo;
        this.clientCapabilities = clientCapabilities;
        this.createdMillis = now;
        this.lastSeenMillis = now;
    }

    public String id() {
        return id;
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    public JsonNode clientInfo() {
        return clientInfo;
    }

    public JsonNode clientCapabilities() {
        return clientCapabilities;
    }

    public boolean initialized() {
        return initialized;
    }

    public void markInitialized() {
        initialized = true;
    }

    public String logLevel() {
        return logLevel;
    }

    public void logLevel(String level) {
        this.logLevel = level;
    }

    /** When initialize made it (epoch ms), for the status page's session ages. */
    public long createdMillis() {
        return createdMillis;
    }

    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    void touch(long now) {
        lastSeenMillis = now;
    }

    public SessionStreams streams() {
        return streams;
    }

    /**
     * Sends a server notification on one GET stream (the spec says each message goes on exactly
     * one stream); returns false when the client has none.
     */
    public boolean notifyClient(JsonNode notification) {
        return streams.notifyClient(notification);
    }

    void close() {
        streams.closeAll();
    }
}
