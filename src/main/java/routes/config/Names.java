package routes.config;

import java.util.regex.Pattern;

/**
 * The naming rules that config entries and advertised capabilities must follow. They live in one
 * place because the config loader rejects bad names early and the catalog re-checks the names it
 * derives (a valid backend name plus a valid tool name can still make an over-long tool name).
 */
public final class Names {

    /** Longest MCP tool name the 2025-11-25 revision allows. */
    public static final int MAX_TOOL_NAME_LENGTH = 128;

    /** Longest backend name: a DNS-1123 label, so it also works as a Kubernetes object name. */
    public static final int MAX_BACKEND_NAME_LENGTH = 63;

    // DNS-1123 labels joined by dots: MCPServerEntry names are DNS-1123 subdomains, and lower case
    // without '_' keeps ToolHive's env-var normalization of backend names unambiguous.
    private static final Pattern BACKEND_NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Names() {
    }

    public static boolean isValidBackendName(String name) {
        return name != null && name.length() <= MAX_BACKEND_NAME_LENGTH && BACKEND_NAME.matcher(name).matches();
    }

    /** What {@link #isValidBackendName} accepts, worded for an error message. */
    public static String backendNameRule() {
        return "lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most "
                + MAX_BACKEND_NAME_LENGTH + " characters (DNS-1123)";
    }

    /**
     * MCP 2025-11-25 tool name rule: 1-128 characters of A-Z a-z 0-9 _ - . (a loop, not a regex,
     * because the catalog checks every advertised name on each rebuild).
     */
    public static boolean isValidToolName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_TOOL_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** What {@link #isValidToolName} accepts, worded for an error message. */
    public static String toolNameRule() {
        return "1-" + MAX_TOOL_NAME_LENGTH + " characters of A-Z a-z 0-9 _ - . (MCP tool name rule)";
    }
}
