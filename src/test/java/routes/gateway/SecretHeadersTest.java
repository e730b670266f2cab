package routes.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;
import routes.testing.RecordedRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secret-backed headers from both sources, end to end: a mounted Secret folder named by the
 * config file's valueSecretRef, and ToolHive's operator env contract (TOOLHIVE_HEADER_FORWARD_<N>
 * manifests with TOOLHIVE_SECRET_<identifier> values). Rotation of a mounted secret needs no
 * restart; the malformed, stray and missing-secret cases are reported and change nothing else;
 * and no secret value appears in any log line.
 */
class SecretHeadersTest {

    private static final String FILE_SECRET_V1 = "file-secret-v1-7f3a9c";
    private static final String FILE_SECRET_V2 = "file-secret-v2-c0ffee";
    private static final String ENV_SECRET = "env-secret-b7e1d2";
    private static final String AUTH_SECRET = "auth-secret-5d4c3b";

    private static Path secretsDir;
    private static FixtureBackend proxy;
    private static FixtureBackend broken;
    private static FixtureBackend missing;
    private static LogCapture logs;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        secretsDir = Files.createTempDirectory("caravan-secrets");
        writeSecret("gh-token", "token", FILE_SECRET_V1 + "\n");
        writeSecret("auth", "key", AUTH_SECRET);
        proxy = FixtureBackend.builder("my-proxy").tools("echo").start();
        broken = FixtureBackend.builder("broken-env").tools("echo").start();
        missing = FixtureBackend.builder("no-secret").tools("echo").start();
        logs = LogCapture.start();
        gateway = GatewayHarness.start("""
                        name: secrets
                        backends:
                          - name: my-proxy
                            url: %s
                            transport: streamable-http
                            headerForward:
                              addHeadersFromSecret:
                                - headerName: X-File-Secret
                                  valueSecretRef: {name: gh-token, key: token}
                          - name: broken-env
                            url: %s
                            transport: streamable-http
                          - name: no-secret
                            url: %s
                            transport: streamable-http
                        outgoingAuth:
                          backends:
                            broken-env:
                              type: header_injection
                              headerInjection:
                                headerName: Authorization
                                headerValueSecretRef: {name: auth, key: key}
                        """.formatted(proxy.url(), broken.url(), missing.url()),
                Map.of("caravan.secrets.dir", secretsDir.toString(), "caravan.secrets.file-check-interval", "50",
                        "caravan.secrets.kubernetes", "false"),
                Map.of("TOOLHIVE_HEADER_FORWARD_MY_PROXY", """
                                {"addPlaintextHeaders":{"X-MCP-Toolsets":"projects,issues"},\
                                "addHeadersFromSecret":{"X-API-Key":"HEADER_FORWARD_X_API_KEY_MY_PROXY"}}""",
                        "TOOLHIVE_SECRET_HEADER_FORWARD_X_API_KEY_MY_PROXY", ENV_SECRET,
                        "TOOLHIVE_HEADER_FORWARD_BROKEN_ENV", "{\"addPlaintextHeaders\": {\"X-A\": \"" + ENV_SECRET,
                        "TOOLHIVE_HEADER_FORWARD_NOBODY", "{\"addPlaintextHeaders\":{\"X-B\":\"b\"}}",
                        "TOOLHIVE_HEADER_FORWARD_NO_SECRET", "{\"addHeadersFromSecret\":{\"X-Token\":\"HEADER_FORWARD_X_TOKEN_NO_SECRET\"}}"));
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == 2);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        logs.close();
        proxy.close();
        broken.close();
        missing.close();
    }

    private static void writeSecret(String name, String key, String value) throws Exception {
        Path dir = Files.createDirectories(secretsDir.resolve(name));
        Path tmp = Files.writeString(dir.resolve("." + key + ".tmp"), value);
        Files.move(tmp, dir.resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void bothSourcesReachEveryRequestAndARotatedFileSecretIsUsedWithoutARestart() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        s.call("tools/call", "{\"name\":\"my-proxy_echo\",\"arguments\":{}}");
        for (RecordedRequest r : proxy.requests()) {
            String what = r.httpMethod() + " " + r.jsonRpcMethod();
            assertEquals(FILE_SECRET_V1, r.header("X-File-Secret"), what + " (one trailing newline dropped)");
            assertEquals(ENV_SECRET, r.header("X-API-Key"), what);
            assertEquals("projects,issues", r.header("X-MCP-Toolsets"), what);
        }
        assertTrue(proxy.requests().stream().map(RecordedRequest::jsonRpcMethod).toList()
                .containsAll(List.of("initialize", "notifications/initialized", "tools/list", "tools/call")));

        writeSecret("gh-token", "token", FILE_SECRET_V2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            s.call("tools/call", "{\"name\":\"my-proxy_echo\",\"arguments\":{}}");
            assertEquals(FILE_SECRET_V2, proxy.lastRequest("tools/call").header("X-File-Secret"));
        });
        assertEquals(ENV_SECRET, proxy.lastRequest("tools/call").header("X-API-Key"));
    }

    @Test
    void aMalformedManifestIsAWarningAndItsBackendServesWithoutThoseHeaders() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        s.call("tools/call", "{\"name\":\"broken-env_echo\",\"arguments\":{}}");
        RecordedRequest call = broken.lastRequest("tools/call");
        assertNull(call.header("X-A"));
        assertEquals(AUTH_SECRET, call.header("Authorization"), "a secret-backed auth header from the mounted folder");
        assertTrue(logs.lines().stream().anyMatch(l -> l.startsWith("WARN") && l.contains("TOOLHIVE_HEADER_FORWARD_BROKEN_ENV")),
                String.join("\n", logs.linesContaining("BROKEN_ENV")));
    }

    @Test
    void aStrayManifestIsAWarning() {
        assertTrue(logs.lines().stream().anyMatch(l -> l.startsWith("WARN") && l.contains("TOOLHIVE_HEADER_FORWARD_NOBODY")),
                String.join("\n", logs.linesContaining("NOBODY")));
    }

    @Test
    void aMissingSecretFailsThatBackendWithAnErrorNamingBackendAndHeader() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !logs.linesContaining(
                "backend 'no-secret' cannot be called: header 'X-Token' needs env TOOLHIVE_SECRET_HEADER_FORWARD_X_TOKEN_NO_SECRET").isEmpty());
        assertTrue(missing.requests().isEmpty(), "nothing is sent without the header's value");
    }

    @Test
    void noSecretValueAppearsInAnyLogLine() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        s.call("tools/call", "{\"name\":\"my-proxy_echo\",\"arguments\":{}}");
        s.call("tools/call", "{\"name\":\"no-secret_echo\",\"arguments\":{}}");
        assertTrue(logs.lines().size() > 5, "the capture works");
        for (String secret : List.of(FILE_SECRET_V1, FILE_SECRET_V2, ENV_SECRET, AUTH_SECRET)) {
            assertEquals(List.of(), logs.linesContaining(secret), "secret value in the log");
        }
    }
}
