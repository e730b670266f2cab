package routes.protocol;

import java.util.List;

/**
 * The MCP revisions the front door speaks, newest first. 2026-07-28 is "modern": no initialize
 * handshake and no session, every request carries its version in {@code _meta}; the others are
 * "legacy" and negotiated by initialize.
 */
public final class ProtocolVersions {

    public static final String V2026_07_28 = "2026-07-28";
    public static final String V2025_11_25 = "2025-11-25";
    public static final String V2025_06_18 = "2025-06-18";
    public static final String V2025_03_26 = "2025-03-26";

    /** The versions initialize negotiates (a session per client). */
    public static final List<String> SUPPORTED = List.of(V2025_11_25, V2025_06_18, V2025_03_26);
    /** The stateless versions, declared per request. */
    public static final List<String> MODERN = List.of(V2026_07_28);
    /** Everything the front door speaks, as server/discover and UnsupportedProtocolVersion list it. */
    public static final List<String> ALL = List.of(V2026_07_28, V2025_11_25, V2025_06_18, V2025_03_26);
    /** What initialize answers a client that asks for a version it does not know. */
    public static final String LATEST = V2025_11_25;
    /** What a request without an MCP-Protocol-Version header is taken to speak (spec 2025-06-18). */
    public static final String ASSUMED_WHEN_MISSING = V2025_03_26;

    private ProtocolVersions() {
    }

    public static boolean isSupported(String version) {
        return version != null && SUPPORTED.contains(version);
    }

    public static boolean isModern(String version) {
        return version != null && MODERN.contains(version);
    }

    /** A version negotiated by initialize, known to us or not: anything dated before 2026. */
    public static boolean isLegacy(String version) {
        return version != null && (SUPPORTED.contains(version) || "2024-11-05".equals(version));
    }

    /** The client's version when we speak it, else our newest (the client then decides). */
    public static String negotiate(String requested) {
        return isSupported(requested) ? requested : LATEST;
    }

    public static boolean allowsBatch(String version) {
        return V2025_03_26.equals(version);
    }
}
