package routes.backend;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which headers the HTTP step sends, and which of a backend's answer it keeps. */
class BackendHeaderFilterTest {

    private final BackendHeaderFilter filter = new BackendHeaderFilter();

    @Test
    void ofAnAnswerOnlyTheHeadersTheGatewayReadsAreKeptWhateverTheirSpelling() {
        for (String kept : List.of("Content-Type", "mcp-session-id", "MCP-SESSION-ID", "Retry-After", "WWW-Authenticate")) {
            assertFalse(filter.applyFilterToExternalHeaders(kept, "v", null), kept);
        }
        for (String dropped : List.of("Server", "Date", "X-Internal-Host", "Set-Cookie", "Content-Length", "Connection")) {
            assertTrue(filter.applyFilterToExternalHeaders(dropped, "v", null), dropped);
        }
    }

    @Test
    void camelsTransportAndProxyHeadersAreNeverSent() {
        for (String never : List.of("CamelHttpUri", "org.apache.camel.x", "Host", "Content-Length", "Transfer-Encoding",
                "Connection", "Keep-Alive", "Proxy-Authorization", "TE")) {
            assertTrue(filter.applyFilterToCamelHeaders(never, "v", null), never);
        }
        for (String sent : List.of("Authorization", "Mcp-Session-Id", "MCP-Protocol-Version", "X-Tenant")) {
            assertFalse(filter.applyFilterToCamelHeaders(sent, "v", null), sent);
        }
    }

    @Test
    void theSendRuleDecidedOncePerNameIsTheFiltersOwnWhateverTheSpelling() {
        for (String name : List.of("CamelHttpUri", "camelFoo", "Host", "host", "Content-Type", "Keep-Alive", "te",
                "Authorization", "mcp-session-id", "X-Tenant", "Accept")) {
            boolean expected = !filter.applyFilterToCamelHeaders(name, "v", null);
            // twice: the second answer comes from what the first decided
            assertEquals(expected, filter.sends(name), name);
            assertEquals(expected, filter.sends(name), name);
        }
        assertFalse(filter.sends("Content-Length"));
        assertTrue(filter.sends("X-Tenant"));
    }
}
