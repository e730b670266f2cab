package routes.kernel;

/**
 * What kind of failure a backend call or probe met, in words a client and an operator share:
 * {@code LastErrorCategory} in /api/backends/health and the category a client's error names.
 * Carries no URL, host or secret, so it is safe anywhere.
 */
public enum FailureCategory {
    /** Nothing listens at the backend's address. */
    CONNECTION_REFUSED("connection_refused"),
    /** The backend's host name does not resolve. */
    UNKNOWN_HOST("unknown_host"),
    /** No answer within the timeout. */
    TIMEOUT("timeout"),
    /** The TLS handshake failed (trust, expiry, host name, protocol). */
    TLS("tls"),
    /** The backend answered 401 or 403. */
    AUTH("auth"),
    /** The backend answered 429, or 503 with Retry-After. */
    RATE_LIMITED("rate_limited"),
    /** The backend answered another HTTP error. */
    HTTP_STATUS("http_status"),
    /** The backend answered something that is not MCP (bad JSON, wrong content type, too large). */
    PROTOCOL("protocol"),
    /** The gateway cannot build the request: a missing secret, an unusable CA bundle. */
    CONFIG("config"),
    /** The gateway withholds the call: unhealthy, session limits, shutting down. */
    UNAVAILABLE("unavailable"),
    /** Anything else. */
    OTHER("other");

    private final String wireName;

    FailureCategory(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The category an HTTP error status stands for. */
    public static FailureCategory ofHttpStatus(int status) {
        if (status == 401 || status == 403) {
            return AUTH;
        }
        return status == 429 ? RATE_LIMITED : HTTP_STATUS;
    }
}
