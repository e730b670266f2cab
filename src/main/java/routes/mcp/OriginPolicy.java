package routes.mcp;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may call the front door (MCP: servers MUST validate Origin against DNS
 * rebinding). An entry is {@code *}, an exact origin ({@code https://app.example.com:8443}), or
 * an origin without a port, which allows any port of that scheme and host. Requests without an
 * Origin header (non-browser clients) are allowed.
 */
public final class OriginPolicy {

    private final boolean allowAll;
    private final List<String> exact;
    private final List<String> anyPort;

    public OriginPolicy(List<String> entries) {
        boolean all = false;
        List<String> ex = new java.util.ArrayList<>();
        List<String> ap = new java.util.ArrayList<>();
        for (String raw : entries) {
            String e = raw.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            if (e.equals("*")) {
                all = true;
                continue;
            }
            URI u = URI.create(e);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("allowed origin '" + raw + "' is not scheme://host[:port] or *");
            }
            (u.getPort() < 0 ? ap : ex).add(stripSlash(e));
        }
        this.allowAll = all;
        this.exact = List.copyOf(ex);
        this.anyPort = List.copyOf(ap);
    }

    public static OriginPolicy parse(String commaSeparated) {
        return new OriginPolicy(List.of(commaSeparated.split(",")));
    }

    public boolean allows(String origin) {
        if (origin == null || allowAll) {
            return true;
        }
        String o = stripSlash(origin.trim().toLowerCase(Locale.ROOT));
        if (exact.contains(o)) {
            return true;
        }
        URI u;
        try {
            u = URI.create(o);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (u.getScheme() == null || u.getHost() == null || u.getRawPath() != null && !u.getRawPath().isEmpty()) {
            return false;
        }
        return anyPort.contains(u.getScheme() + "://" + u.getHost());
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
