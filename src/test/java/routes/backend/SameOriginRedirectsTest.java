package routes.backend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The redirect rule, one row per case: method, status, from, Location, redirects so far → followed or why not. */
class SameOriginRedirectsTest {

    private static final String FOLLOWED = null;

    static Stream<Arguments> rows() {
        return Stream.of(
                row("POST", 307, "https://mcp.example.com/mcp", "https://mcp.example.com/v2/mcp", 0, FOLLOWED),
                row("POST", 308, "http://127.0.0.1:8080/old", "http://127.0.0.1:8080/mcp", 0, FOLLOWED),
                row("GET", 302, "https://mcp.example.com/sse", "https://mcp.example.com/events", 0, FOLLOWED),
                row("DELETE", 301, "https://mcp.example.com/mcp", "https://mcp.example.com/v2/mcp", 0, FOLLOWED),
                row("POST", 307, "https://mcp.example.com/mcp", "https://MCP.example.com:443/v2", 0, FOLLOWED),
                row("POST", 307, "http://mcp.example.com:80/mcp", "http://mcp.example.com/v2", 0, FOLLOWED),
                row("POST", 307, "https://mcp.example.com/mcp", "https://mcp.example.com/v2", 9, FOLLOWED),
                row("POST", 307, "https://mcp.example.com/mcp", "https://mcp.example.com/v2", 10,
                        "redirected more than 10 times (last to 'https://mcp.example.com/v2')"),
                row("POST", 307, "https://mcp.example.com/mcp", "http://mcp.example.com/mcp", 0,
                        "from https to http at 'http://mcp.example.com/mcp'; a downgrade to plain HTTP is never followed"),
                row("POST", 307, "http://mcp.example.com/mcp", "https://mcp.example.com/mcp", 0,
                        "redirected to 'https://mcp.example.com/mcp', which is not the same scheme, host and port"),
                row("POST", 307, "https://mcp.example.com/mcp", "https://evil.example.net/mcp", 0,
                        "redirected to 'https://evil.example.net/mcp', which is not the same scheme, host and port as https://mcp.example.com"),
                row("POST", 307, "http://127.0.0.1:8080/mcp", "http://127.0.0.1:9090/mcp", 0,
                        "redirected to 'http://127.0.0.1:9090/mcp', which is not the same scheme, host and port as http://127.0.0.1:8080"),
                row("POST", 307, "http://127.0.0.1:8080/mcp", "http://localhost:8080/mcp", 0,
                        "which is not the same scheme, host and port"),
                row("POST", 302, "https://mcp.example.com/mcp", "https://mcp.example.com/v2", 0,
                        "answered POST with HTTP 302 to 'https://mcp.example.com/v2', which would turn it into a GET"),
                row("POST", 301, "https://mcp.example.com/mcp", "https://mcp.example.com/v2", 0, "would turn it into a GET"),
                row("DELETE", 303, "https://mcp.example.com/mcp", "https://mcp.example.com/v2", 0, "would turn it into a GET"),
                row("GET", 303, "https://mcp.example.com/mcp", "https://mcp.example.com/v2", 0, FOLLOWED));
    }

    private static Arguments row(String method, int status, String from, String location, int followed, String refusal) {
        return Arguments.of(method, status, from, location, followed, refusal);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3} after {4}")
    @MethodSource("rows")
    void followsOnlySameOriginRedirectsThatKeepTheMethod(String method, int status, String from, String location,
                                                          int followed, String expected) {
        String refusal = SameOriginRedirects.refusal(method, status, URI.create(from), URI.create(location), followed);
        if (expected == null) {
            assertNull(refusal);
        } else {
            assertTrue(refusal != null && refusal.contains(expected), () -> "expected \"" + expected + "\" in: " + refusal);
        }
    }
}
