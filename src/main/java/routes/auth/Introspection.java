package routes.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import routes.protocol.Json;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * RFC 7662 introspection of opaque (non-JWT) tokens at introspectionUrl, with the gateway's client
 * id and secret when set. An answer is kept briefly (an active token until its {@code exp}, at most
 * {@link #MAX_KEEP}; an inactive one {@link #INACTIVE_KEEP}), in a bounded cache keyed by the
 * token's SHA-256, so a busy client costs the provider one call a minute, not one per request.
 */
final class Introspection {

    static final Duration MAX_KEEP = Duration.ofSeconds(60);
    static final Duration INACTIVE_KEEP = Duration.ofSeconds(10);

    /** What the provider said: the claims of an active token, or null for an inactive one. */
    record Answer(Map<String, Object> claims, long keepNanos) {
    }

    private final OidcSettings settings;
    private final OidcHttp http;
    private final LongSupplier epochSeconds;
    private final Cache<String, Answer> answers = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfter(new Expiry<String, Answer>() {
                @Override
                public long expireAfterCreate(String key, Answer value, long currentTime) {
                    return value.keepNanos();
                }

                @Override
                public long expireAfterUpdate(String key, Answer value, long currentTime, long currentDuration) {
                    return value.keepNanos();
                }

                @Override
                public long expireAfterRead(String key, Answer value, long currentTime, long currentDuration) {
                    return currentDuration;
                }
            })
            .build();

    Introspection(OidcSettings settings, OidcHttp http, LongSupplier epochSeconds) {
        this.settings = settings;
        this.http = http;
        this.epochSeconds = epochSeconds;
    }

    boolean enabled() {
        return settings.introspectionUrl() != null;
    }

    /** The active token's claims, or null when the provider says it is not active (or not for us). */
    Map<String, Object> claims(String token, String tokenHash) throws IOException {
        Answer cached = answers.getIfPresent(tokenHash);
        if (cached == null) {
            cached = ask(token);
            answers.put(tokenHash, cached);
        }
        return cached.claims();
    }

    private Answer ask(String token) throws IOException {
        String body = http.postForm(settings.introspectionUrl(), "token=" + Forms.encode(token)
                + "&token_type_hint=access_token", settings.clientId(), settings.clientSecret());
        JsonNode answer = Json.MAPPER.readTree(body);
        long now = epochSeconds.getAsLong();
        if (!answer.path("active").asBoolean(false) || !acceptable(answer, now)) {
            return new Answer(null, INACTIVE_KEEP.toNanos());
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        answer.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                claims.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class));
            }
        });
        long keep = MAX_KEEP.toSeconds();
        if (answer.has("exp")) {
            keep = Math.min(keep, Math.max(1, answer.get("exp").asLong() - now));
        }
        return new Answer(Map.copyOf(claims), TimeUnit.SECONDS.toNanos(keep));
    }

    /** The provider said active; what it says besides must fit too (exp, iss, aud when given). */
    private boolean acceptable(JsonNode a, long now) {
        long skew = settings.clockSkew().toSeconds();
        if (a.has("exp") && a.get("exp").asLong() + skew < now) {
            return false;
        }
        if (a.has("nbf") && a.get("nbf").asLong() - skew > now) {
            return false;
        }
        if (settings.issuer() != null && a.hasNonNull("iss") && !settings.issuer().equals(a.get("iss").asText())) {
            return false;
        }
        if (!settings.audiences().isEmpty() && a.hasNonNull("aud")) {
            List<String> aud = a.get("aud").isArray()
                    ? Json.MAPPER.convertValue(a.get("aud"), Json.MAPPER.getTypeFactory().constructCollectionType(List.class, String.class))
                    : List.of(a.get("aud").asText());
            return aud.stream().anyMatch(settings.audiences()::contains);
        }
        return true;
    }
}
