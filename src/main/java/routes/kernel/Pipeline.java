package routes.kernel;

/**
 * The contract of the outbound pipeline ({@code backend-request}: identity-propagation →
 * header-forward → outgoing-auth → backend-http). The outbound HTTP headers are the Camel message
 * headers: the exchange starts with the protocol's own (Content-Type, Accept, MCP-Protocol-Version,
 * Mcp-Session-Id) and none of the client's; each step adds or removes headers by ordinary Camel
 * means (a processor, {@code setHeader}, a Kamelet, a YAML route). The body is the JSON-RPC message
 * as bytes (none for a DELETE or a GET stream). Camel's own headers are filtered at the HTTP step.
 * Who and what the message is for are these exchange properties, which every step may read.
 */
public final class Pipeline {

    /** {@link BackendSpec}: the backend the message goes to (URL, headers to forward, auth, TLS). */
    public static final String BACKEND = "caravanBackend";
    /** {@link CallerIdentity}: who the message is sent for ({@link CallerIdentity#GATEWAY} for the gateway's own). */
    public static final String CALLER = CallerIdentity.PROPERTY;
    /** String, a {@link Purpose} wire name: why the message is sent. */
    public static final String PURPOSE = "caravanPurpose";
    /**
     * {@code Map<String, String>}: the client's request headers to pass through (ToolHive's
     * {@code passthroughHeaders}), absent when there are none; header-forward adds them.
     */
    public static final String PASSTHROUGH_HEADERS = PassthroughHeaders.PROPERTY;
    /** String: the JSON-RPC method sent, or absent (a DELETE, a GET stream, a response to the backend). */
    public static final String RPC_METHOD = "caravanRpcMethod";

    /** Why a message goes to a backend. */
    public enum Purpose {
        /** On behalf of a client session (initialize, calls, its stream). */
        CLIENT_CALL("client-call"),
        /** The gateway's catalog: initialize and the lists. */
        CATALOG("catalog"),
        /** A health probe. */
        PROBE("probe"),
        /** Ending a backend session (DELETE, or closing a legacy stream). */
        SESSION_CLOSE("session-close");

        private final String wireName;

        Purpose(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private Pipeline() {
    }
}
