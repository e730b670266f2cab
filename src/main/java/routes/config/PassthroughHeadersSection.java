package routes.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.HeaderNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads ToolHive's top-level {@code passthroughHeaders}: the client request headers copied to every
 * backend call of that request. Refused, as ToolHive's validator does: names that are not HTTP
 * tokens, the restricted headers, {@code Authorization} and {@code Cookie} (the client's credentials
 * never reach a backend), duplicates, and a name a static backend already sets by its
 * {@code headerForward} (which value would win is not obvious, so neither is chosen). Beyond
 * ToolHive, the MCP protocol's own headers are refused too: the gateway sets them per backend
 * session, and a client's value (its gateway session id, say) must not stand in where the gateway
 * sets none.
 */
final class PassthroughHeadersSection {

    /** Set by the gateway for the protocol and tracing, lower-cased; {@code mcp-param-*} by prefix. */
    private static final Set<String> PROTOCOL = Set.of("mcp-session-id", "mcp-protocol-version", "mcp-method", "mcp-name",
            "last-event-id", "content-type", "accept", "traceparent", "tracestate");

    private final ConfigReader reader;

    PassthroughHeadersSection(ConfigReader reader) {
        this.reader = reader;
    }

    List<String> read(ArrayNode list, List<BackendConfig> backends) {
        List<String> names = new ArrayList<>();
        if (list == null) {
            return names;
        }
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < list.size(); i++) {
            String path = "passthroughHeaders[" + i + "]";
            if (!list.get(i).isTextual()) {
                reader.report(path, "must be a header name, not " + ConfigReader.describe(list.get(i)));
                continue;
            }
            String name = list.get(i).textValue().trim();
            String problem = problem(name, backends);
            if (problem != null) {
                reader.report(path, problem);
            } else if (!seen.add(name)) {
                reader.report(path, "'" + name + "' is listed twice");
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private static String problem(String name, List<BackendConfig> backends) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (HeaderNames.CLIENT_CREDENTIALS.contains(lower)) {
            return "'" + name + "' cannot be passed through: the client's credentials never reach a backend (token"
                    + " passthrough is forbidden by the MCP spec); use outgoingAuth for backend credentials";
        }
        if (PROTOCOL.contains(lower) || lower.startsWith("mcp-param-")) {
            return "'" + name + "' cannot be passed through: the gateway sets it for the MCP protocol with each backend";
        }
        String nameProblem = HeaderNames.nameProblem(name);
        if (nameProblem != null) {
            return nameProblem;
        }
        for (BackendConfig b : backends) {
            HeaderForwardConfig forward = b.headerForward();
            boolean collides = forward.addPlaintextHeaders().keySet().stream().anyMatch(name::equalsIgnoreCase)
                    || forward.addHeadersFromSecret().stream().anyMatch(h -> h.headerName().equalsIgnoreCase(name));
            if (collides) {
                return "'" + name + "' is also set by backend '" + b.name() + "' in its headerForward; a header is either"
                        + " passed through from the client or configured, not both";
            }
        }
        return null;
    }
}
