package routes.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Takes what looks like a credential out of request or response data before it is logged: the
 * value of any field named like one (authorization, cookie, token, secret, password, api key), and
 * bearer tokens and JWTs inside any string. Everything else is the user's data and is kept as is.
 * Works on a copy; the message itself is never changed.
 */
final class AuditScrubber {

    static final String REDACTED = "[REDACTED]";

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(authorization|cookie|token|secret|passw(or)?d|api[-_]?key|credential|private[-_]?key).*");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");

    private AuditScrubber() {
    }

    static JsonNode scrub(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                boolean secretName = SECRET_NAME.matcher(f.getKey()).matches() && !f.getValue().isContainerNode();
                out.set(f.getKey(), secretName ? TextNode.valueOf(REDACTED) : scrub(f.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(item -> out.add(scrub(item)));
            return out;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(text(node.textValue()));
        }
        return node;
    }

    static String text(String s) {
        if (s.length() < 8) {
            return s;
        }
        String out = BEARER.matcher(s).replaceAll("$1 " + REDACTED);
        return JWT.matcher(out).replaceAll(REDACTED);
    }
}
