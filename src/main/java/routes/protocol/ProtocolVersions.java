package routes.protocol;

import java.util.List;

/** The MCP revisions the front door speaks, newest first. */
public final class ProtocolVersions {

    public static final String V2025_11_25 = "2025-11-25";
    public static final String V2025_06_18 = "2025-06-18";
    public static final String V2025_03_26 = "2025-03-26";

    public static final List<String> SUPPORTED = List.of(V2025_11_25, V2025_06_18, V2025_03_26);
    public static final String LATEST = V2025_11_25;
    /** What a request without an MCP-Protocol-Version header is taken to speak (spec 2025-06-18). */
    public static final String ASSUMED_WHEN_MISSING = V2025_03_26;

    private ProtocolVersions() {
    }

    public static boolean isSupported(String version) {
        return version != null && SUPPORTED.contains(version);
    }

    /** The client's version when we speak it, else our newest (the client then decides). */
    public static String negotiate(String requested) {
        return isSupported(requested) ? requested : LATEST;
    }

    public static boolean allowsBatch(String version) {
        return V2025_03_26.equals(version);
    }
}
