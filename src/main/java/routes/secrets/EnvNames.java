package routes.secrets;

/**
 * ToolHive's env-var naming contract between its operator and the vMCP runtime (its {@code wirefmt}
 * package). The operator names the variables with these rules, so Caravan must derive exactly the
 * same names to read them.
 */
public final class EnvNames {

    /** Prefix of the per-backend JSON manifest: {@code TOOLHIVE_HEADER_FORWARD_<backend>}. */
    public static final String MANIFEST_PREFIX = "TOOLHIVE_HEADER_FORWARD_";

    /** Prefix of every secret value variable: {@code TOOLHIVE_SECRET_<identifier>}. */
    public static final String SECRET_PREFIX = "TOOLHIVE_SECRET_";

    private static final String IDENTIFIER_PREFIX = "HEADER_FORWARD_";

    private EnvNames() {
    }

    /**
     * {@code -} → {@code _}, upper-case, then every character outside {@code A-Z 0-9 _} → {@code _}.
     * Upper-casing is per code point (the simple Unicode mapping, as Go's {@code strings.ToUpper}
     * does), not {@link String#toUpperCase}, which is locale-dependent and turns {@code ß} into two
     * characters; each code point then becomes one {@code _}, as Go's regexp replaces per rune.
     * The mapping is lossy: {@code a.b} and {@code a-b} both give {@code A_B}.
     */
    public static String normalize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            int up = cp == '-' ? '_' : Character.toUpperCase(cp);
            boolean ok = (up >= 'A' && up <= 'Z') || (up >= '0' && up <= '9') || up == '_';
            sb.append(ok ? (char) up : '_');
        });
        return sb.toString();
    }

    /** {@code HEADER_FORWARD_<HEADER>_<BACKEND>}: what ToolHive's manifest names in addHeadersFromSecret. */
    public static String secretIdentifier(String backend, String header) {
        return IDENTIFIER_PREFIX + normalize(header) + "_" + normalize(backend);
    }

    /** {@code TOOLHIVE_SECRET_HEADER_FORWARD_<HEADER>_<BACKEND>}: the variable the operator fills from the Secret. */
    public static String secretVariable(String backend, String header) {
        return SECRET_PREFIX + secretIdentifier(backend, header);
    }

    /** {@code TOOLHIVE_HEADER_FORWARD_<BACKEND>}: the variable that holds the backend's JSON manifest. */
    public static String manifestVariable(String backend) {
        return MANIFEST_PREFIX + normalize(backend);
    }
}
