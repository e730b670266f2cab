package routes.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.catalog.CatalogStore;
import routes.testing.GatewayHarness;
import routes.testing.SdkServerBackend;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redirects through the real gateway: a 307 to another path of the same origin is followed with
 * the POST and its body intact, up to 10 in a row; a 307 to another port, an 11th redirect and a
 * loop are refused with an error naming the backend and the Location.
 */
class BackendRedirectTest {

    private static SdkServerBackend elsewhere;
    private static SdkServerBackend moved;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        elsewhere = SdkServerBackend.start("elsewhere", "hello");
        SdkServerBackend.Builder b = SdkServerBackend.builder("moved").tools("hello")
                .redirect("/old", "/mcp")
                .redirect("/away", elsewhere.url())
                .redirect("/loop-a", "/loop-b")
                .redirect("/loop-b", "/loop-a");
        // /hop1 reaches /mcp after exactly 10 redirects, /hop0 after 11
        for (int i = 0; i < 10; i++) {
            b.redirect("/hop" + i, "/hop" + (i + 1));
        }
        moved = b.redirect("/hop10", "/mcp").start();
        gateway = GatewayHarness.start("""
                name: redirects
                backends:
                  - name: moved
                    url: %s
                    transport: streamable-http
                  - name: away
                    url: %s
                    transport: streamable-http
                  - name: loop
                    url: %s
                    transport: streamable-http
                  - name: ten-hops
                    url: %s
                    transport: streamable-http
                  - name: eleven-hops
                    url: %s
                    transport: streamable-http
                """.formatted(moved.url("/old"), moved.url("/away"), moved.url("/loop-a"), moved.url("/hop1"),
                moved.url("/hop0")));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        moved.close();
        elsewhere.close();
    }

    @Test
    void sameOriginRedirectIsFollowedAndAnotherPortIsRefused() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        CatalogStore store = HttpsBackendTest.catalog(gateway);
        await().atMost(Duration.ofSeconds(20)).until(() -> HttpsBackendTest.toolNames(s).size() == 2
                && store.failures().size() == 3);

        assertEquals(List.of("moved_hello", "ten-hops_hello"), HttpsBackendTest.toolNames(s));
        int before = moved.redirectsServed();
        assertEquals("moved/hello {city=Oslo}", HttpsBackendTest.callText(s, "moved_hello", "{\"city\":\"Oslo\"}"));
        assertTrue(moved.redirectsServed() > before, "the call did not go through the redirect");

        assertEquals("backend 'away' was redirected to '" + elsewhere.url() + "', which is not the same scheme, host and port as "
                        + "http://127.0.0.1:" + moved.port() + "; only same-origin redirects are followed",
                store.failures().get("away"));
        assertEquals("backend 'eleven-hops' redirected more than 10 times (last to '" + moved.url("/mcp") + "')",
                store.failures().get("eleven-hops"));
        assertEquals("backend 'loop' redirect failed: Circular redirect to '" + moved.url("/loop-b") + "'",
                store.failures().get("loop"));
    }
}
