package routes.kernel;

import routes.secrets.SecretRef;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers added to every request to one backend, already validated: literal values, and
 * references to secrets resolved on each request (so a rotated secret needs no restart). Holds no
 * secret value, so it is safe to compare, log and keep in a spec.
 *
 * @param plaintext  header name → value, in config order
 * @param fromSecret header name → where its value is read from
 */
public record HeaderForward(Map<String, String> plaintext, Map<String, SecretRef> fromSecret) {

    public static final HeaderForward NONE = new HeaderForward(Map.of(), Map.of());

    public HeaderForward {
        plaintext = plaintext == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(plaintext));
        fromSecret = fromSecret == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fromSecret));
    }

    public static HeaderForward plaintext(Map<String, String> headers) {
        return new HeaderForward(headers, Map.of());
    }

    public boolean isEmpty() {
        return plaintext.isEmpty() && fromSecret.isEmpty();
    }
}
