package routes.kernel;

/**
 * A credential the caller presented (a bearer token), kept for the steps that must act on it
 * (token exchange) and for nothing else: it never reaches a backend as it is (the MCP spec forbids
 * token passthrough), and {@link #toString()} never prints it, so an identity can be logged.
 */
public final class Credential {

    private final String scheme;
    private final String value;

    public Credential(String scheme, String value) {
        this.scheme = scheme;
        this.value = value;
    }

    /** The authentication scheme, e.g. "Bearer". */
    public String scheme() {
        return scheme;
    }

    /** The secret itself; only a step that exchanges it may read it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return scheme + " [redacted]";
    }
}
