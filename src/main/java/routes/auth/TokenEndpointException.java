package routes.auth;

/**
 * A token endpoint could not give a token: unreachable, slow, refused or answered nonsense. The
 * message says which and never carries a secret or a token; it may name the endpoint's host, so
 * it is for the log. {@link #clientReason()} is what a client may read.
 */
public final class TokenEndpointException extends RuntimeException {

    private final String clientReason;

    public TokenEndpointException(String clientReason, String detail, Throwable cause) {
        super(detail, cause);
        this.clientReason = clientReason;
    }

    public String clientReason() {
        return clientReason;
    }
}
