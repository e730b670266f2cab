package routes.kernel;

/**
 * A backend could not answer: unreachable, timed out, answered an HTTP error or something that is
 * not MCP. It has two messages: {@link #getMessage()} is the operator's (logs, the management
 * port) and may name the backend's URL or host; {@link #clientMessage()} is what an MCP client,
 * /status and /api/backends/health see: the backend's name, what happened and its
 * {@link #category()}, never an internal URL or host. Neither carries a header value or secret.
 */
public class BackendException extends RuntimeException {

    private final String backend;
    private final int httpStatus;
    private final String retryAfter;
    private final FailureCategory category;
    private final String publicReason;

    public BackendException(String backend, String reason) {
        this(backend, reason, 0, null, null);
    }

    public BackendException(String backend, String reason, Throwable cause) {
        this(backend, reason, 0, null, cause);
    }

    /** A failure of a known kind whose reason names nothing internal. */
    public BackendException(String backend, FailureCategory category, String reason) {
        this(backend, category, reason, reason, 0, null, null);
    }

    /** A failure whose reason names nothing internal: clients see the same text as the log. */
    public BackendException(String backend, String reason, int httpStatus, String retryAfter, Throwable cause) {
        this(backend, categoryOf(httpStatus, cause), reason, reason, httpStatus, retryAfter, cause);
    }

    /**
     * @param publicReason what a client sees after "backend 'name' "; no URL or host
     * @param detail       what the log sees after "backend 'name' "; may name the URL or host
     */
    public BackendException(String backend, FailureCategory category, String publicReason, String detail, int httpStatus,
                            String retryAfter, Throwable cause) {
        super("backend '" + backend + "' " + detail, cause);
        this.backend = backend;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.category = category;
        // a URL that slipped in anyway (from a backend's or a library's text) is taken out
        this.publicReason = PublicText.withoutUrls(publicReason);
    }

    public String backend() {
        return backend;
    }

    /** The HTTP status the backend answered with, or 0 when there was no HTTP answer. */
    public int httpStatus() {
        return httpStatus;
    }

    public String retryAfter() {
        return retryAfter;
    }

    public FailureCategory category() {
        return category;
    }

    /** What happened, without the "backend 'name' " prefix, fit for a client. */
    public String publicReason() {
        return publicReason;
    }

    /** The message for MCP clients and the public endpoints. */
    public String clientMessage() {
        return "backend '" + backend + "' " + publicReason;
    }

    /** A wrapped BackendException's category carries over (an SSE stream lost to a refused connection). */
    private static FailureCategory categoryOf(int httpStatus, Throwable cause) {
        if (httpStatus > 0) {
            return FailureCategory.ofHttpStatus(httpStatus);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BackendException be) {
                return be.category();
            }
        }
        return FailureCategory.OTHER;
    }
}
