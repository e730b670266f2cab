package routes.headers;

import routes.secrets.Quote;

import java.util.Locale;
import java.util.Set;

/**
 * What a configured header may be, whatever its source (config file, ToolHive env manifest, auth):
 * an HTTP token name that is not one ToolHive restricts (routing, hop-by-hop, smuggling, identity
 * spoofing), and a value without CR, LF or other control characters.
 */
public final class HeaderRules {

    /** ToolHive's restricted headers (pkg/transport/middleware/header_forward.go), lower-cased. */
    public static final Set<String> RESTRICTED = Set.of("host", "connection", "keep-alive", "te", "trailer", "upgrade",
            "http2-settings", "proxy-authorization", "proxy-authenticate", "proxy-connection", "transfer-encoding",
            "content-length", "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip");

    private static final int MAX_NAME_LENGTH = 255;
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HeaderRules() {
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

    /** Why this value may not be sent (never quoting the value, which may be a secret), or null. */
    public static String valueProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                return "value contains a line break (CR or LF)";
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return "value contains a control character (code " + (int) c + ")";
            }
        }
        return null;
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TOKEN_SYMBOLS.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
