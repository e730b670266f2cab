package routes.health;

import routes.kernel.BackendSpec;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Makes a failure message fit for /status, logs and metrics: no URL query (tokens live there), no
 * user info, no forwarded header value (a backend may echo one back), and a bounded length.
 */
final class Redaction {

    static final String MASK = "***";
    private static final int MAX_LENGTH = 300;
    /** Header values this short are not secrets, and masking them would garble ordinary words. */
    private static final int MIN_MASKED_VALUE = 4;
    private static final Pattern URL_QUERY = Pattern.compile("(https?://[^\\s?#'\"]+)[?#][^\\s'\")]*");

    private Redaction() {
    }

    static String reason(String text, BackendSpec spec) {
        if (text == null || text.isBlank()) {
            return "no detail";
        }
        String out = text.replace(spec.url().toString(), safeUrl(spec.url()));
        out = URL_QUERY.matcher(out).replaceAll("$1");
        for (String value : spec.headerForward().plaintext().values()) {
            if (value != null && value.strip().length() >= MIN_MASKED_VALUE) {
                out = out.replace(value.strip(), MASK);
            }
        }
        return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) + "..." : out;
    }

    /** Scheme, host, port and path only. */
    static String safeUrl(URI url) {
        StringBuilder b = new StringBuilder().append(url.getScheme()).append("://").append(url.getHost());
        if (url.getPort() >= 0) {
            b.append(':').append(url.getPort());
        }
        if (url.getRawPath() != null) {
            b.append(url.getRawPath());
        }
        return b.toString();
    }
}
