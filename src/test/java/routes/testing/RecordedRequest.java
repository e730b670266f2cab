package routes.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as a fixture backend received it, before any fault or MCP handling.
 *
 * @param httpMethod    GET, POST, DELETE, ...
 * @param headers       every HTTP header, names lower-cased, values in arrival order
 * @param jsonRpcMethod the JSON-RPC {@code method} of the body, or null (no body, a response, not JSON)
 * @param body          the body as UTF-8 text, empty when there was none
 */
public record RecordedRequest(String httpMethod, Map<String, List<String>> headers, String jsonRpcMethod, String body) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The first value of a header (case-insensitive name), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean hasHeader(String name) {
        return headers.containsKey(name.toLowerCase(Locale.ROOT));
    }
}
