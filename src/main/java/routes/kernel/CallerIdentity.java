package routes.kernel;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

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
 * @param issuer      who vouched for the subject (a token's {@code iss}, "api-key" for a static key); or
 *                    null for anonymous callers and the gateway
 * @param claims      what the issuer said about the subject (a JWT's claims: groups, roles, scope...),
 *                    for authorization, rate limits and audit; never the credential itself
 */
public record CallerIdentity(String subject, Kind kind, String traceparent, String tracestate, Credential credential,
                             String issuer, Map<String, Object> claims) {

    /** Exchange property: the {@link CallerIdentity} of the request, on the front door and in the pipeline. */
    public static final String PROPERTY = "caravanCaller";

    public enum Kind { ANONYMOUS, AUTHENTICATED, GATEWAY }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** The gateway acting on its own behalf (catalog fetches, health probes, session close). */
    public static final CallerIdentity GATEWAY = new CallerIdentity("caravan", Kind.GATEWAY, null, null, null, null, Map.of());

    public CallerIdentity {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(kind, "kind");
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }

    /** A caller without issuer or claims (tests, and identities made in code). */
    public CallerIdentity(String subject, Kind kind, String traceparent, String tracestate, Credential credential) {
        this(subject, kind, traceparent, tracestate, credential, null, Map.of());
    }

    /** A caller with no authentication, carrying its trace context. */
    public static CallerIdentity anonymous(String traceparent, String tracestate) {
        return new CallerIdentity("anonymous", Kind.ANONYMOUS, traceparent, tracestate, null);
    }

    /** The same caller without the trace of one request (for what outlives the request, like a stream). */
    public CallerIdentity withoutTrace() {
        return traceparent == null && tracestate == null ? this
                : new CallerIdentity(subject, kind, null, null, credential, issuer, claims);
    }

    /**
     * Who the caller is, for binding a session to it: issuer and subject (ToolHive binds
     * {@code iss\0sub} the same way); every anonymous caller is one principal.
     */
    public String principal() {
        return kind == Kind.AUTHENTICATED ? (issuer == null ? "" : issuer) + "\u0000" + subject : kind.name().toLowerCase();
    }

    /**
     * The values of one claim as strings: a list claim gives its items, a string claim its
     * space-separated words (as OAuth's {@code scope}), a missing claim nothing.
     */
    public List<String> claimValues(String name) {
        Object v = claims.get(name);
        if (v instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        if (v instanceof String s) {
            return s.isBlank() ? List.of() : List.of(WHITESPACE.split(s.trim()));
        }
        return v == null ? List.of() : List.of(String.valueOf(v));
    }

    public boolean isGateway() {
        return kind == Kind.GATEWAY;
    }
}
