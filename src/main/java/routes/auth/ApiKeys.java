package routes.auth;

import routes.kernel.CallerIdentity;
import routes.secrets.SecretRef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Caravan's static API keys ({@code incomingAuth.apiKeys}): only each key's SHA-256 is configured,
 * and a presented key is hashed and compared with every configured hash in constant time (no
 * early exit), so neither the config nor the timing tells a key. A hash from an env variable or a
 * Secret is read through the secrets provider on use, so a rotated Secret is picked up.
 */
public final class ApiKeys {

    /** The issuer of identities made from an API key ({@link CallerIdentity#issuer()}). */
    public static final String ISSUER = "api-key";

    /**
     * One key.
     *
     * @param hash   "sha256:<hex>", or null when read from {@code source}
     * @param source where "sha256:<hex>" is read from, or null
     */
    public record Entry(String subject, String hash, SecretRef source, Map<String, Object> claims) {
    }

    public static final ApiKeys NONE = new ApiKeys(List.of(), ref -> null);

    private final List<Entry> entries;
    private final Function<SecretRef, String> secrets;

    public ApiKeys(List<Entry> entries, Function<SecretRef, String> secrets) {
        this.entries = List.copyOf(entries);
        this.secrets = secrets;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entry whose hash the key has, or null. */
    Entry match(String presented) {
        byte[] digest = sha256(presented);
        Entry found = null;
        for (Entry e : entries) {
            byte[] expected = expected(e);
            // every entry is compared, whatever matched before: the time spent does not depend on which key it is
            if (expected != null && MessageDigest.isEqual(digest, expected) && found == null) {
                found = e;
            }
        }
        return found;
    }

    private byte[] expected(Entry e) {
        String text = e.hash();
        if (text == null) {
            try {
                text = secrets.apply(e.source());
            } catch (RuntimeException unreadable) {
                return null; // a missing Secret matches nothing; the provider logs it
            }
        }
        if (text == null) {
            return null;
        }
        text = text.trim();
        if (!text.regionMatches(true, 0, "sha256:", 0, 7) || text.length() != 7 + 64) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(text.substring(7));
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
