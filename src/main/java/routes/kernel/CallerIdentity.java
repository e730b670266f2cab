package routes.kernel;

import java.util.Objects;

/**
 * Who a request is made for, as the {@code incoming-auth} route decided at the front door and as
 * the pipeline hands it on (exchange property {@link #PROPERTY} in both places). Nothing after the
 * front door guesses an identity; the gateway's own traffic (catalog fetches, probes, closing its
 * sessions) is {@link #GATEWAY}. The client's credential, when one is kept for token exchange, is a
 * {@link Credential} whose {@code toString} never prints it.
 *
 * @param subject     who the caller is: "anonymous" without incoming auth, the token's subject with it
 * @param kind        anonymous, authenticated, or the gateway itself
 * @param traceparent the client's W3C traceparent, or null
 * @param tracestate  the client's W3C tracestate, or null
 * @param credential  what the caller authenticated with, kept only where a later step needs it; or null
 */
public record CallerIdentity(String subject, Kind kind, String traceparent, String tracestate, Credential credential) {

    /** Exchange property: the {@link CallerIdentity} of the request, on the front door and in the pipeline. */
    public static final String PROPERTY = "caravanCaller";

    public enum Kind { ANONYMOUS, AUTHENTICATED, GATEWAY }

    /** The gateway acting on its own behalf (catalog fetches, health probes, session close). */
    public static final CallerIdentity GATEWAY = new CallerIdentity("caravan", Kind.GATEWAY, null, null, null);

    public CallerIdentity {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(kind, "kind");
    }

    /** A caller with no authentication, carrying its trace context. */
    public static CallerIdentity anonymous(String traceparent, String tracestate) {
        return new CallerIdentity("anonymous", Kind.ANONYMOUS, traceparent, tracestate, null);
    }

    /** The same caller without the trace of one request (for what outlives the request, like a stream). */
    public CallerIdentity withoutTrace() {
        return traceparent == null && tracestate == null ? this
                : new CallerIdentity(subject, kind, null, null, credential);
    }

    public boolean isGateway() {
        return kind == Kind.GATEWAY;
    }
}
