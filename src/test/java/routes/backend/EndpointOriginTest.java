package routes.backend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which endpoint events a legacy SSE stream may announce: same scheme, host and port only. */
class EndpointOriginTest {

    @ParameterizedTest(name = "{1} from {0}: {2}")
    @CsvSource({
            // stream URL,                   endpoint as announced,                         allowed
            "http://mcp.local:8080/sse,      /message?sessionId=1,                          true",
            "http://mcp.local:8080/sse,      message?sessionId=1,                           true",
            "http://mcp.local:8080/a/sse,    ../messages/?session_id=1,                     true",
            "http://mcp.local:8080/sse,      http://MCP.local:8080/message,                 true",
            "http://mcp.local/sse,           http://mcp.local:80/message,                   true",
            "https://mcp.local/sse,          https://mcp.local:443/message,                 true",
            "http://mcp.local:8080/sse,      http://mcp.local:8081/message,                 false",
            "http://mcp.local:8080/sse,      https://mcp.local:8080/message,                false",
            "http://mcp.local:8080/sse,      http://evil.example:8080/message,              false",
            "http://mcp.local:8080/sse,      //evil.example:8080/message,                   false",
            "https://mcp.local/sse,          http://mcp.local/message,                      false",
    })
    void sameOriginOnly(String stream, String announced, boolean allowed) {
        URI base = URI.create(stream);
        assertEquals(allowed, EndpointOrigin.same(base, base.resolve(announced)));
    }
}
