package routes.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The provider's signing keys: read once (from jwksUrl, or the jwks_uri of the issuer's discovery
 * document), kept, and read again when a token names a key id the set does not have (the provider
 * rotated its keys) — at most once per {@link #MIN_REFRESH_MILLIS}, so a stream of tokens with
 * made-up key ids cannot make the gateway hammer the provider. A failed read is retried on the
 * next token, within the same limit.
 */
final class JwksKeys implements JWKSource<SecurityContext> {

    private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
    static final long MIN_REFRESH_MILLIS = 10_000;

    private final OidcHttp http;
    private final String issuer;
    private final String configuredJwksUrl;
    private final LongSupplier clock;
    private final AtomicInteger reads = new AtomicInteger();
    private volatile JWKSet keys;
    private volatile String jwksUrl;
    /** No read before this time (ms): the limit on refreshes and on retries after a failed read. */
    private long nextReadMillis = Long.MIN_VALUE;

    JwksKeys(OidcHttp http, String issuer, String jwksUrl, LongSupplier clock) {
        this.http = http;
        this.issuer = issuer;
        this.configuredJwksUrl = jwksUrl;
        this.jwksUrl = jwksUrl;
        this.clock = clock;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        JWKSet current = keys;
        if (current != null) {
            List<JWK> found = selector.select(current);
            if (!found.isEmpty()) {
                return found;
            }
        }
        JWKSet fresh = refresh(current);
        return fresh == null ? List.of() : selector.select(fresh);
    }

    /** How many times the key set was read (for tests and the status line). */
    int reads() {
        return reads.get();
    }

    /** Reads the set again unless another thread just did, or the last read is too recent. */
    private synchronized JWKSet refresh(JWKSet seen) throws KeySourceException {
        if (keys != seen) {
            return keys; // another request refreshed meanwhile
        }
        long now = clock.getAsLong();
        if (now < nextReadMillis) {
            return keys;
        }
        reads.incrementAndGet();
        try {
            if (jwksUrl == null) {
                jwksUrl = discover();
            }
            JWKSet read = JWKSet.parse(http.get(jwksUrl));
            // the first read is free; each read after it (a rotation) waits for the interval
            nextReadMillis = seen == null ? now : now + MIN_REFRESH_MILLIS;
            keys = read.toPublicJWKSet();
            LOG.info("Incoming auth: read {} signing key(s) from {}", keys.getKeys().size(), jwksUrl);
            return keys;
        } catch (OidcHttp.FetchException | ParseException e) {
            nextReadMillis = now + MIN_REFRESH_MILLIS;
            if (configuredJwksUrl == null && keys == null) {
                jwksUrl = null; // discovery is tried again next time
            }
            LOG.warn("Incoming auth: the signing keys could not be read: {}", e.getMessage());
            if (keys == null) {
                throw new KeySourceException("the provider's signing keys could not be read");
            }
            return keys;
        }
    }

    private String discover() throws OidcHttp.FetchException, ParseException {
        String url = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        Map<String, Object> doc = JSONObjectUtils.parse(http.get(url));
        String found = JSONObjectUtils.getString(doc, "jwks_uri");
        if (found == null || found.isBlank()) {
            throw new OidcHttp.FetchException(url + " has no jwks_uri");
        }
        return found;
    }
}
