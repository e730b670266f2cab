package routes.auth;

/**
 * Who a backend call is made for, as the identity-propagation step hands it on: the subject
 * (which also keys shared backend sessions) and the W3C trace context of the client's request.
 * Never holds the client's credentials: token passthrough is forbidden by the MCP spec.
 *
 * @param subject     "anonymous" until incoming auth exists, or the gateway itself for its own calls
 * @param traceparent the client's W3C traceparent, or null
 * @param tracestate  the client's W3C tracestate, or null
 */
public record CallerIdentity(String subject, String traceparent, String tracestate) {

    /** The gateway acting on its own behalf (catalog refresh, probes). */
    public static final CallerIdentity GATEWAY = new CallerIdentity("anonymous", null, null);

    /** The key under which backend sessions may be shared. */
    public String sessionKey() {
        return subject;
    }
}
