package routes.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.config.ConfigException;
import routes.config.ConfigLoader;
import routes.config.GatewayConfig;
import routes.headers.HeaderRules;
import routes.kernel.AuthStrategy;
import routes.kernel.BackendSpec;
import routes.kernel.HeaderForward;
import routes.secrets.SecretRef;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One set of header rules for every source; a bad header rejects its backend only. */
class BackendAssemblerTest {

    private static final String GOOD = """
              - name: good
                url: http://good.example.com/mcp
                transport: streamable-http
                headerForward:
                  addPlaintextHeaders: {X-Tenant: acme}
            """;

    private static BackendAssembler.Result assemble(String badBackend) throws ConfigException {
        return assemble(badBackend, Map.of());
    }

    private static BackendAssembler.Result assemble(String badBackend, Map<String, BackendAssembler.EnvHeaders> env)
            throws ConfigException {
        GatewayConfig config = ConfigLoader.parse("name: gw\nbackends:\n" + GOOD + badBackend, "gw.yaml");
        return BackendAssembler.assemble(config, env);
    }

    private static String plaintext(String header, String value) {
        return """
                  - name: bad
                    url: http://bad.example.com/mcp
                    transport: streamable-http
                    headerForward:
                      addPlaintextHeaders: {"%s": "%s"}
                """.formatted(header, value);
    }

    static Stream<String> restricted() {
        return Stream.of("Host", "Connection", "Keep-Alive", "Te", "Trailer", "Upgrade", "Http2-Settings",
                "Proxy-Authorization", "Proxy-Authenticate", "Proxy-Connection", "Transfer-Encoding", "Content-Length",
                "Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-Ip");
    }

    @ParameterizedTest
    @MethodSource("restricted")
    void eachRestrictedHeaderRejectsItsBackendOnly(String header) throws Exception {
        BackendAssembler.Result r = assemble(plaintext(header.toLowerCase(java.util.Locale.ROOT), "x"));

        assertEquals(List.of("good"), r.specs().stream().map(BackendSpec::name).toList());
        assertEquals(Map.of("bad", "header '" + header.toLowerCase(java.util.Locale.ROOT)
                + "' is restricted and cannot be forwarded (headerForward.addPlaintextHeaders)"), r.rejected());
    }

    @Test
    void theRestrictedListIsToolHives() {
        assertEquals(restricted().count(), HeaderRules.RESTRICTED.size());
    }

    static Stream<Arguments> badHeaders() {
        return Stream.of(
                Arguments.of("CRLF in a value", plaintext("X-Trace", "a\\r\\nInjected: yes"),
                        "header 'X-Trace': value contains a line break (CR or LF) (headerForward.addPlaintextHeaders)"),
                Arguments.of("LF in a value", plaintext("X-Trace", "a\\nb"),
                        "header 'X-Trace': value contains a line break (CR or LF)"),
                Arguments.of("NUL in a value", plaintext("X-Trace", "a\\0b"),
                        "header 'X-Trace': value contains a control character (code 0)"),
                Arguments.of("space in a name", plaintext("X Tenant", "a"),
                        "\"X Tenant\" is not a valid HTTP header name"),
                Arguments.of("colon in a name", plaintext("X-A:b", "a"),
                        "\"X-A:b\" is not a valid HTTP header name"),
                Arguments.of("CRLF in a name", plaintext("X-A\\r\\nHost", "a"),
                        "\"X-A\\u000d\\u000aHost\" is not a valid HTTP header name"),
                Arguments.of("same header twice, case-insensitively", """
                          - name: bad
                            url: http://bad.example.com/mcp
                            transport: streamable-http
                            headerForward:
                              addPlaintextHeaders: {X-Api-Key: public}
                              addHeadersFromSecret:
                                - {headerName: x-api-key, valueSecretRef: {name: tok, key: k}}
                        """, "header 'x-api-key' is set twice (headerForward.addPlaintextHeaders and"
                        + " headerForward.addHeadersFromSecret; names are case-insensitive)"),
                Arguments.of("restricted secret header", """
                          - name: bad
                            url: http://bad.example.com/mcp
                            transport: streamable-http
                            headerForward:
                              addHeadersFromSecret:
                                - {headerName: Proxy-Authorization, valueSecretRef: {name: tok, key: k}}
                        """, "header 'Proxy-Authorization' is restricted and cannot be forwarded"
                        + " (headerForward.addHeadersFromSecret)"),
                Arguments.of("restricted auth header", """
                          - name: bad
                            url: http://bad.example.com/mcp
                            transport: streamable-http
                        outgoingAuth:
                          backends:
                            bad: {type: header_injection, headerInjection: {headerName: Host, headerValue: evil}}
                        """, "header 'Host' is restricted and cannot be forwarded (outgoingAuth header_injection)"),
                Arguments.of("CRLF in an auth value", """
                          - name: bad
                            url: http://bad.example.com/mcp
                            transport: streamable-http
                        outgoingAuth:
                          backends:
                            bad: {type: header_injection, headerInjection: {headerName: X-Api-Key, headerValue: "a\\r\\nb"}}
                        """, "header 'X-Api-Key': value contains a line break (CR or LF) (outgoingAuth header_injection)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeaders")
    void badHeaderRejectsItsBackendWithAClearReason(String title, String backend, String expected) throws Exception {
        BackendAssembler.Result r = assemble(backend);

        assertEquals(List.of("good"), r.specs().stream().map(BackendSpec::name).toList(), title);
        assertTrue(r.rejected().get("bad").contains(expected), r.rejected().get("bad"));
        assertFalse(r.rejected().get("bad").contains("Injected: yes"), "a value is never echoed");
    }

    @Test
    void joinsFileAndEnvironmentHeadersAndAuth() throws Exception {
        BackendAssembler.Result r = assemble("""
                  - name: github
                    url: http://gh.example.com/mcp
                    transport: streamable-http
                    headerForward:
                      addPlaintextHeaders: {X-Toolsets: issues}
                outgoingAuth:
                  default: {type: unauthenticated}
                  backends:
                    github: {type: header_injection, headerInjection: {headerName: X-Api-Key, headerValueEnv: GH_TOKEN}}
                """, Map.of("github", new BackendAssembler.EnvHeaders("TOOLHIVE_HEADER_FORWARD_GITHUB",
                new HeaderForward(Map.of("X-Trace-Id", "t1"), Map.of("X-Secret", new SecretRef.Env("HEADER_FORWARD_X_SECRET_GITHUB"))))));

        BackendSpec github = r.specs().get(1);
        assertEquals(Map.of("X-Toolsets", "issues", "X-Trace-Id", "t1"), github.headerForward().plaintext());
        assertEquals(Map.of("X-Secret", new SecretRef.Env("HEADER_FORWARD_X_SECRET_GITHUB")), github.headerForward().fromSecret());
        assertEquals(new AuthStrategy.HeaderInjection("X-Api-Key", null, new SecretRef.Variable("GH_TOKEN")), github.auth());
        assertEquals(AuthStrategy.UNAUTHENTICATED, r.specs().get(0).auth());
        assertTrue(r.rejected().isEmpty());
    }

    @Test
    void aHeaderSetInTheFileAndInTheEnvironmentRejectsTheBackend() throws Exception {
        BackendAssembler.Result r = assemble(plaintext("X-Trace-Id", "file"), Map.of("bad",
                new BackendAssembler.EnvHeaders("TOOLHIVE_HEADER_FORWARD_BAD", HeaderForward.plaintext(Map.of("x-trace-id", "env")))));

        assertEquals(List.of("good"), r.specs().stream().map(BackendSpec::name).toList());
        assertEquals("header 'x-trace-id' is set twice (headerForward.addPlaintextHeaders and TOOLHIVE_HEADER_FORWARD_BAD;"
                + " names are case-insensitive); set it once", r.rejected().get("bad"));
    }

    @Test
    void aLiteralAuthValueNeverShowsInToString() {
        AuthStrategy s = new AuthStrategy.HeaderInjection("X-Api-Key", "s3cr3t-value", null);
        assertFalse(s.toString().contains("s3cr3t-value"), s.toString());
    }
}
