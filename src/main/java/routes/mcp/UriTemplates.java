package routes.mcp;

import routes.catalog.Catalog;
import routes.catalog.CatalogEntry;

import java.util.regex.Pattern;

/**
 * Finds which backend serves a resource URI: an advertised resource first, else the first
 * resource template (RFC 6570) that the URI matches, or a template given literally (completion
 * references name the template itself).
 */
final class UriTemplates {

    private UriTemplates() {
    }

    static CatalogEntry owner(Catalog catalog, String uri) {
        var exact = catalog.resource(uri).or(() -> catalog.resourceTemplate(uri));
        if (exact.isPresent()) {
            return exact.get();
        }
        for (CatalogEntry t : catalog.resourceTemplates()) {
            if (matches(t.advertisedName(), uri)) {
                return t;
            }
        }
        return null;
    }

    /** Whether the URI is an expansion of the template: {var} is one path segment, {+var} anything. */
    static boolean matches(String template, String uri) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                regex.append(Pattern.quote(template.substring(i)));
                break;
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                return false;
            }
            regex.append(Pattern.quote(template.substring(i, open)));
            char op = close > open + 1 ? template.charAt(open + 1) : ' ';
            regex.append(op == '+' || op == '#' ? ".*" : op == '?' || op == '&' ? "(?:[?&].*)?" : "[^/?#]*");
            i = close + 1;
        }
        return Pattern.matches(regex.toString(), uri);
    }
}
