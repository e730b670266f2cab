package routes.kernel;

/**
 * A backend could not answer: unreachable, timed out, answered an HTTP error or something that is
 * not MCP. The message names the backend and says what happened, never a header value or secret.
 */
public class BackendException extends RuntimeException {

    private final String backend;
    private final int httpStatus;
    private final String retryAfter;

    public BackendException(String backend, String reason) {
        this(backend, reason, 0, null, null);
    }

    public BackendException(String backend, String reason, Throwable cause) {
        this(backend, reason, 0, null, cause);
    }

    public BackendException(String backend, String reason, int httpStatus, String retryAfter, Throwable cause) {
        super("backend '" + backend + "' " + reason, cause);
        this.backend = backend;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
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
}
