package routes.kernel;

/**
 * What kind of failure a backend call or probe met, in words fit for anyone who can reach the
 * gateway: a client's error, /status, metrics. The detail (which URL, which host, which file)
 * stays in the log and on the management port.
 */
public enum FailureCategory {
    NONE("none", ""),
    CONNECTION("connection", "is unreachable (connection refused or reset)"),
    DNS("dns", "is unreachable (its host name does not resolve)"),
    TIMEOUT("timeout", "did not answer in time"),
    TLS("tls", "could not be reached over TLS"),
    AUTH("auth", "refused the gateway's credentials"),
    RATE_LIMIT("rate_limit", "is rate limiting the gateway"),
    HTTP("http", "answered with an HTTP error"),
    PROTOCOL("protocol", "answered with something that is not MCP"),
    CONFIG("config", "cannot be called with its current configuration"),
    UNAVAILABLE("unavailable", "is not taking calls now"),
    /** The client cancelled the request or went away: not the backend's failure. */
    CANCELLED("cancelled", "was not waited for: the client cancelled the request"),
    UNKNOWN("unknown", "failed");

    private final String wireName;
    private final String clientText;

    FailureCategory(String wireName, String clientText) {
        this.wireName = wireName;
        this.clientText = clientText;
    }

    /** ToolHive's LastErrorCategory value. */
    public String wireName() {
        return wireName;
    }

    /** What a client is told after "backend 'x' ". */
    public String clientText() {
        return clientText;
    }

    /** The category of an HTTP error status. */
    public static FailureCategory ofHttpStatus(int status) {
        if (status == 401 || status == 403) {
            return AUTH;
        }
        if (status == 429) {
            return RATE_LIMIT;
        }
        return status > 0 ? HTTP : UNKNOWN;
    }
}
