package routes.kamelets;

import routes.headers.HeaderRules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks of the Kamelets' properties, run when Camel builds the Kamelet's route: a bad property
 * stops that route from being created, with the property named. Header names follow the gateway's
 * own rule ({@link HeaderRules}): a restricted name (Host, X-Forwarded-For, ...) is refused.
 * Values are never quoted in an error, since they may be secrets.
 */
final class KameletProperties {

    private KameletProperties() {
    }

    static String required(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Kamelet property '" + property + "' is required");
        }
        return value.trim();
    }

    static String httpUrl(String property, String value) {
        String url = required(property, value);
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("Kamelet property '" + property + "' must be an http:// or https:// URL");
        }
        return url;
    }

    static long positive(String property, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Kamelet property '" + property + "' must be positive, not " + value);
        }
        return value;
    }

    /** A header name that may be set, or an error naming the property and the rule it breaks. */
    static String headerName(String property, String name) {
        String n = required(property, name);
        String problem = HeaderRules.nameProblem(n);
        if (problem != null) {
            throw new IllegalArgumentException("Kamelet property '" + property + "': " + problem);
        }
        return n;
    }

    /** Comma-separated header names; empty for none. */
    static List<String> headerNames(String property, String names) {
        List<String> out = new ArrayList<>();
        if (names != null) {
            for (String n : names.split(",")) {
                if (!n.isBlank()) {
                    out.add(headerName(property, n.trim()));
                }
            }
        }
        return List.copyOf(out);
    }

    /** {@code Name=value} pairs separated by commas (a value cannot hold a comma); at least one. */
    static Map<String, String> headerPairs(String property, String pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : required(property, pairs).split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Kamelet property '" + property + "': each entry is Name=value, and '"
                        + pair.trim() + "' has no '='");
            }
            String name = headerName(property, pair.substring(0, eq).trim());
            out.put(name, sendable(name, pair.substring(eq + 1).trim()));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The value, when it can travel in an HTTP header; the error names the header, never the value. */
    static String sendable(String header, String value) {
        String problem = HeaderRules.valueProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException("header '" + header + "': " + problem);
        }
        return value;
    }
}
