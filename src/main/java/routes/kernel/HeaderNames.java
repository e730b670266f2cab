package routes.kernel;

import routes.secrets.Quote;

import java.util.Locale;
import java.util.Set;

/**
 * Which header names may be set on a backend request, whatever sets them (config, ToolHive's env
 * manifest, auth, the client's passthrough headers): an HTTP token that is not one ToolHive
 * restricts (routing, hop-by-hop, smuggling, identity spoofing). Shared by config loading and the
 * pipeline, so both apply one rule.
 */
public final class HeaderNames {

    /** ToolHive's restricted headers (pkg/transport/middleware/header_forward.go), lower-cased. */
    public static final Set<String> RESTRICTED = Set.of("host", "connection", "keep-alive", "te", "trailer", "upgrade",
            "http2-settings", "proxy-authorization", "proxy-authenticate", "proxy-connection", "transfer-encoding",
            "content-length", "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip");

    /** What a client may never pass through to a backend, besides {@link #RESTRICTED} (ToolHive's validator too). */
    public static final Set<String> CLIENT_CREDENTIALS = Set.of("authorization", "cookie");

    private static final int MAX_NAME_LENGTH = 255;
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HeaderNames() {
    }

    /** Why this header name may not be configured, or null when it may. */
    public static String nameProblem(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !isToken(name)) {
            return Quote.of(name) + " is not a valid HTTP header name (1-" + MAX_NAME_LENGTH
                    + " characters: letters, digits and " + TOKEN_SYMBOLS + ")";
        }
        if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
            return "header '" + name + "' is restricted and cannot be forwarded";
        }
        return null;
    }

    private static boolean isToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TOKEN_SYMBOLS.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
