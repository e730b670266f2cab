package routes.authz;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A set of names and glob patterns, compiled once: exact names go to a hash set, patterns are
 * matched by a backtracking wildcard walk ({@code *} any run of characters, {@code ?} exactly one),
 * so no regular expression is built or run per call.
 */
final class Glob {

    private final Set<String> exact = new HashSet<>();
    private final List<String> wildcards = new ArrayList<>();

    Glob(List<String> patterns) {
        for (String p : patterns) {
            if (p.indexOf('*') >= 0 || p.indexOf('?') >= 0) {
                wildcards.add(p);
            } else {
                exact.add(p);
            }
        }
    }

    boolean matches(String name) {
        if (exact.contains(name)) {
            return true;
        }
        for (String w : wildcards) {
            if (matches(w, name)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
