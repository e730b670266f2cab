package routes.kernel;

/**
 * A backend could not answer: unreachable, timed out, answered an HTTP error or something that is
 * not MCP. The message names the backend and says what happened, never a header value or secret;
 * it may name the backend's URL, host or files, so it is for the log. What a client is told is
 * {@link #clientMessage()}: the backend's name and what happened, without where.
 */
public class BackendException extends RuntimeException {

    private final String backend;
    private final int httpStatus;
    private final String retryAfter;
    private final FailureCategory category;
    /** What a client may read after "backend 'x' "; null: the reason itself names nothing internal. */
    private final String clientReason;

    public BackendException(String backend, String reason) {
        this(backend, reason, 0, null, null);
    }

    public BackendException(String backend, String reason, Throwable cause) {
        this(backend, reason, 0, null, cause);
    }

    public BackendException(String backend, String reason, int httpStatus, String retryAfter, Throwable cause) {
        this(backend, FailureCategory.ofHttpStatus(httpStatus), null, reason, httpStatus, retryAfter, cause);
    }

    /**
     * A failure whose detail names something internal (a URL, host, file or secret location).
     *
     * @param clientReason what a client is told, after "backend 'x' "
     * @param detail       the whole story, for the log
     */
    public BackendException(String backend, FailureCategory category, String clientReason, String detail, Throwable cause) {
        this(backend, category, clientReason, detail, 0, null, cause);
    }

    private BackendException(String backend, FailureCategory category, String clientReason, String detail, int httpStatus,
                             String retryAfter, Throwable cause) {
        super("backend '" + backend + "' " + detail, cause);
        this.backend = backend;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.category = category;
        this.clientReason = clientReason;
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

    /** The message for a client: no URL, host, port or file of the gateway's side. */
    public String clientMessage() {
        return clientReason == null ? getMessage() : "backend '" + backend + "' " + clientReason;
    }
}
