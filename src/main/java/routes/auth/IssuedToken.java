package routes.auth;

/**
 * An access token a token endpoint issued, and when the gateway stops using it.
 *
 * @param accessToken   the token, sent as {@code Authorization: Bearer}; never printed
 * @param refreshAtNanos {@link System#nanoTime()} after which a new one is fetched (shortly before it expires)
 */
public record IssuedToken(String accessToken, long refreshAtNanos) {

    boolean fresh(long nowNanos) {
        return nowNanos - refreshAtNanos < 0;
    }

    @Override
    public String toString() {
        return "IssuedToken[redacted]";
    }
}
