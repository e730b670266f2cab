package routes.headers;

import routes.kernel.HeaderNames;

import java.util.Set;

/**
 * What a configured header may be, whatever its source (config file, ToolHive env manifest, auth):
 * an HTTP token name that is not one ToolHive restricts (routing, hop-by-hop, smuggling, identity
 * spoofing), and a value without CR, LF or other control characters.
 */
public final class HeaderRules {

    /** ToolHive's restricted headers (pkg/transport/middleware/header_forward.go), lower-cased. */
    public static final Set<String> RESTRICTED = HeaderNames.RESTRICTED;

    private HeaderRules() {
    }

    /** Why this header name may not be configured, or null when it may. */
    public static String nameProblem(String name) {
        return HeaderNames.nameProblem(name);
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
}
