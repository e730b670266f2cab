package routes.secrets;

/**
 * Quotes a name (never a value) for a message on one log line: control characters are escaped so
 * that a name read from the environment or a config file cannot forge or split log lines.
 */
public final class Quote {

    private Quote() {
    }

    public static String of(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
