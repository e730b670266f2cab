package routes.demo;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live sessions of one server. Ids are 32 random bytes in URL-safe Base64: visible ASCII
 * (0x21–0x7E) as the transport spec demands, and unguessable because a session id is the only
 * thing that ties a request to a session.
 */
final class McpSessions {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private final SecureRandom random = new SecureRandom();
    private final Map<String, McpSession> sessions = new ConcurrentHashMap<>();

    McpSession open(String protocolVersion) {
        String id = newId();
        McpSession session = new McpSession(id, protocolVersion);
        sessions.put(id, session);
        return session;
    }

    Optional<McpSession> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    boolean close(String id) {
        return sessions.remove(id) != null;
    }

    /** Forgets every session, as a server process restart would. */
    void clear() {
        sessions.clear();
    }

    int size() {
        return sessions.size();
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        StringBuilder id = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            id.append(ALPHABET[b & 0x3F]);
        }
        return id.toString();
    }

    /** What the server remembers of one client: the negotiated version and the log level it asked for. */
    static final class McpSession {
        private final String id;
        private final String protocolVersion;
        private volatile LogLevel logLevel = LogLevel.DEBUG;

        McpSession(String id, String protocolVersion) {
            this.id = id;
            this.protocolVersion = protocolVersion;
        }

        String id() {
            return id;
        }

        String protocolVersion() {
            return protocolVersion;
        }

        LogLevel logLevel() {
            return logLevel;
        }

        void logLevel(LogLevel level) {
            this.logLevel = level;
        }
    }
}
