package routes.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import routes.kernel.AuthStrategy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The tokens outgoing auth fetched, kept until shortly before they expire. A token exchange's
 * token is kept per caller principal, backend, strategy and the caller's token (by hash, so a
 * refreshed or different token of the same user is exchanged anew); a client-credentials token per
 * backend and strategy, shared by every caller. Concurrent requests for one key wait for one fetch
 * (single flight); a failed fetch is forgotten at once, so the next request tries again.
 */
public final class OutgoingTokens {

    /** What a token is kept for; {@code principal} and {@code subjectHash} are empty for client credentials. */
    record Key(String backend, AuthStrategy strategy, String principal, String subjectHash) {
    }

    private final Cache<Key, CompletableFuture<IssuedToken>> cache;
    private final Function<TokenRequest, IssuedToken> endpoint;

    /**
     * @param endpoint calls the token endpoint (the {@code token-endpoint} route); throws
     *                 {@link TokenEndpointException} when it gives no token
     * @param maxSize  the most tokens kept
     */
    public OutgoingTokens(Function<TokenRequest, IssuedToken> endpoint, long maxSize) {
        this.endpoint = endpoint;
        // the hour is only a bound: entries are replaced when their token is about to expire
        this.cache = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(Duration.ofHours(1)).build();
    }

    /** The access token for {@code key}: a kept one that is still fresh, else a new one from {@code request}. */
    String token(Key key, Supplier<TokenRequest> request) {
        while (true) {
            CompletableFuture<IssuedToken> kept = cache.asMap().get(key);
            if (kept == null) {
                CompletableFuture<IssuedToken> mine = new CompletableFuture<>();
                kept = cache.asMap().putIfAbsent(key, mine);
                if (kept == null) {
                    return fetch(key, mine, request);
                }
            }
            IssuedToken t;
            try {
                t = kept.join();
            } catch (CompletionException e) {
                // the fetch this request waited for failed: its error is this request's too
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            if (t.fresh(System.nanoTime())) {
                return t.accessToken();
            }
            cache.asMap().remove(key, kept);
        }
    }

    private String fetch(Key key, CompletableFuture<IssuedToken> mine, Supplier<TokenRequest> request) {
        try {
            IssuedToken t = endpoint.apply(request.get());
            mine.complete(t);
            return t.accessToken();
        } catch (RuntimeException e) {
            cache.asMap().remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** How many tokens are kept (for tests and the status page). */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** A hash of the caller's token, so the cache keys on it without keeping it twice. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
