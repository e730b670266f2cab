package routes.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.RecordedRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configured headers (plaintext, from a mounted Secret, from ToolHive's env contract) reach a
 * header-capturing backend on every kind of request the gateway sends it, health probes included,
 * through the one pipeline; outgoing auth wins over a forwarded header of the same name; and
 * nothing of one backend's headers reaches another.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeaderForwardingTest {

    private static final String CONFIG = """
            name: headers
            backends:
              - name: hdr
                url: %s
                transport: streamable-http
                headerForward:
                  addPlaintextHeaders:
                    X-Tenant: %s
                    X-Api-Key: forwarded-value-loses
                  addHeadersFromSecret:
                    - headerName: X-Mounted-Secret
                      valueSecretRef: {name: hdr-secret, key: value}
              - name: plain
                url: %s
                transport: streamable-http
            outgoingAuth:
              backends:
                hdr:
                  type: header_injection
                  headerInjection: {headerName: X-Api-Key, headerValueEnv: HDR_TOKEN}
            """;

    private static final String MOUNTED_SECRET = "mounted-9a8b7c";
    private static final String ENV_SECRET = "env-6d5e4f";

    private static FixtureBackend hdr;
    private static FixtureBackend plain;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        hdr = FixtureBackend.builder("hdr").tools("echo").prompts("brief").resources("hdr://readme").start();
        plain = FixtureBackend.builder("plain").tools("ping").start();
        Path secrets = Files.createTempDirectory("caravan-secrets");
        Files.createDirectories(secrets.resolve("hdr-secret"));
        Files.writeString(secrets.resolve("hdr-secret/value"), MOUNTED_SECRET);
        gateway = GatewayHarness.start(CONFIG.formatted(hdr.url(), "acme", plain.url()),
                Map.of("caravan.secrets.dir", secrets.toString(), "caravan.secrets.kubernetes", "false"),
                Map.of("HDR_TOKEN", "auth-value-wins",
                        "TOOLHIVE_HEADER_FORWARD_HDR", "{\"addHeadersFromSecret\":{\"X-Env-Secret\":\"HEADER_FORWARD_X_ENV_SECRET_HDR\"}}",
                        "TOOLHIVE_SECRET_HEADER_FORWARD_X_ENV_SECRET_HDR", ENV_SECRET));
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == 2);
        await().atMost(Duration.ofSeconds(15)).until(() -> !GatewayHealth.read(gateway).backend("hdr").path("lastProbe").isNull());
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        hdr.close();
        plain.close();
    }

    @Test
    @Order(1) // asserts on every request since the gateway started
    void everyRequestToTheBackendCarriesItsHeadersAndAuthWins() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        s.call("tools/call", "{\"name\":\"hdr_echo\",\"arguments\":{}}");
        s.call("resources/read", "{\"uri\":\"hdr://readme\"}");
        s.call("prompts/get", "{\"name\":\"hdr_brief\",\"arguments\":{\"topic\":\"t\"}}");

        Set<String> seen = new TreeSet<>();
        for (RecordedRequest r : hdr.requests()) {
            String what = r.httpMethod() + " " + r.jsonRpcMethod();
            assertEquals("acme", r.header("X-Tenant"), what);
            assertEquals(MOUNTED_SECRET, r.header("X-Mounted-Secret"), what);
            assertEquals(ENV_SECRET, r.header("X-Env-Secret"), what);
            assertEquals(List.of("auth-value-wins"), r.headers().get("x-api-key"), what + ": auth must win, once");
            seen.add(r.jsonRpcMethod() != null ? r.jsonRpcMethod() : r.httpMethod());
        }
        assertTrue(seen.containsAll(List.of("initialize", "notifications/initialized", "tools/list", "resources/list",
                "prompts/list", "tools/call", "resources/read", "prompts/get", "DELETE")), "paths seen: " + seen);
        // the start-up health probe: a session of its own (a second initialize), closed with DELETE
        assertTrue(hdr.requests("initialize").size() >= 2, "the health probe's initialize is among them");
        assertTrue(hdr.requests().stream().anyMatch(r -> r.httpMethod().equals("DELETE")), "the probe closes its session");

        for (RecordedRequest r : plain.requests()) {
            assertNull(r.header("X-Tenant"), "another backend's header leaked");
            assertNull(r.header("X-Api-Key"), "another backend's auth leaked");
            assertNull(r.header("X-Mounted-Secret"), "another backend's secret leaked");
            assertNull(r.header("X-Env-Secret"), "another backend's secret leaked");
        }
    }

    @Test
    @Order(2)
    void aChangedHeaderIsSentFromTheNextRequestAndTheOldSessionIsClosedWithTheOldHeaders() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        s.call("tools/call", "{\"name\":\"hdr_echo\",\"arguments\":{}}");
        String oldSession = hdr.lastRequest("tools/call").header("mcp-session-id");
        hdr.clearRequests();

        gateway.rewriteConfig(CONFIG.formatted(hdr.url(), "globex", plain.url()));

        // the client's old backend session (the new config's first probe ends a session of its own too)
        java.util.function.Supplier<java.util.Optional<RecordedRequest>> oldDelete = () -> hdr.requests().stream()
                .filter(r -> r.httpMethod().equals("DELETE") && oldSession.equals(r.header("mcp-session-id"))).findFirst();
        await().atMost(Duration.ofSeconds(10)).until(() -> oldDelete.get().isPresent());
        RecordedRequest delete = oldDelete.get().orElseThrow();
        assertEquals("acme", delete.header("X-Tenant"), "the old session ends with the headers it was opened with");
        assertEquals("auth-value-wins", delete.header("X-Api-Key"));
        assertEquals(MOUNTED_SECRET, delete.header("X-Mounted-Secret"));
        assertEquals(ENV_SECRET, delete.header("X-Env-Secret"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            s.call("tools/call", "{\"name\":\"hdr_echo\",\"arguments\":{}}");
            assertEquals("globex", hdr.lastRequest("tools/call").header("X-Tenant"));
        });
        gateway.rewriteConfig(CONFIG.formatted(hdr.url(), "acme", plain.url()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            s.call("tools/call", "{\"name\":\"hdr_echo\",\"arguments\":{}}");
            assertEquals("acme", hdr.lastRequest("tools/call").header("X-Tenant"));
        });
    }
}
