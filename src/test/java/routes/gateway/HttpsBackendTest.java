package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.catalog.CatalogStore;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.SdkServerBackend;
import routes.testing.TestPki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backends on HTTPS with a private CA, through the real gateway: the CA bundle from a file or
 * inline makes them work, hostname verification stays on, TLS 1.2 is enough, and without a bundle
 * the backend fails with an error that says what to set while the others keep serving.
 */
class HttpsBackendTest {

    private static TestPki pki;
    private static TestPki otherCa;
    private static SdkServerBackend secure;
    private static SdkServerBackend tls12;
    private static SdkServerBackend wrongHost;
    private static FixtureBackend plain;

    @BeforeAll
    static void start() {
        pki = TestPki.create("Caravan Test CA");
        otherCa = TestPki.create("Caravan Other CA");
        TestPki.ServerIdentity local = pki.server("ip:127.0.0.1,dns:localhost");
        secure = SdkServerBackend.builder("secure").tools("hello").https(local).start();
        tls12 = SdkServerBackend.builder("tls12").tools("hello").https(local).tlsProtocols("TLSv1.2").start();
        wrongHost = SdkServerBackend.builder("wrong").tools("hello").https(pki.server("dns:wrong.example")).start();
        plain = FixtureBackend.builder("plain").tools("work").start();
    }

    @AfterAll
    static void stop() {
        secure.close();
        tls12.close();
        wrongHost.close();
        plain.close();
        pki.close();
        otherCa.close();
    }

    @Test
    void aCaBundleFromAFileOrInlineIsTrustedAndEveryOtherTlsFailureIsNamed() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start("""
                name: tls
                backends:
                  - name: by-path
                    url: %1$s
                    transport: streamable-http
                    caBundlePath: %2$s
                  - name: by-data
                    url: %1$s
                    transport: streamable-http
                    caBundleData: |
                %3$s
                  - name: tls12
                    url: %4$s
                    transport: streamable-http
                    caBundlePath: %2$s
                  - name: wrong-host
                    url: %5$s
                    transport: streamable-http
                    caBundlePath: %2$s
                  - name: wrong-ca
                    url: %1$s
                    transport: streamable-http
                    caBundlePath: %6$s
                  - name: not-tls
                    url: %7$s
                    transport: streamable-http
                """.formatted(secure.url(), pki.caPemFile(), indent(pki.caPem(), 6), tls12.url(), wrongHost.url(),
                otherCa.caPemFile(), plain.url().replace("http://", "https://")))) {
            McpHttpSession s = McpHttpSession.open(gw);
            CatalogStore store = catalog(gw);
            // failed backends are fetched again every round: wait for the verdicts to settle (once, under a
            // loaded machine, the first fetch of wrong-ca failed resolving its endpoint and the next one named the CA)
            await().atMost(Duration.ofSeconds(20)).until(() -> toolNames(s).size() == 3 && store.failures().size() == 3
                    && String.valueOf(store.failures().get("wrong-ca")).contains("TLS failed"));
            assertEquals(List.of("by-data_hello", "by-path_hello", "tls12_hello"), toolNames(s));
            assertEquals("secure/hello {who=path}", callText(s, "by-path_hello", "{\"who\":\"path\"}"));
            assertEquals("secure/hello {who=data}", callText(s, "by-data_hello", "{\"who\":\"data\"}"));
            assertEquals("tls12/hello {}", callText(s, "tls12_hello", "{}"));
            // a certificate from the trusted CA for another name is still refused
            assertEquals("backend 'wrong-host' TLS failed: the server's certificate does not name host '127.0.0.1'",
                    store.failures().get("wrong-host"));
            assertEquals("backend 'wrong-ca' TLS failed: the server's certificate is not trusted by the backend's CA bundle"
                    + " or the system trust (check that caBundlePath holds the CA that issued it)", store.failures().get("wrong-ca"));
            assertEquals("backend 'not-tls' TLS failed: the server did not answer TLS (is it plain HTTP? then use an http:// URL)",
                    store.failures().get("not-tls"));
        }
    }

    @Test
    void withoutABundleTheBackendFailsClearlyAndOthersServeUntilTheConfigAddsOne() throws Exception {
        String config = """
                name: tls
                backends:
                  - name: secure
                    url: %s
                    transport: streamable-http
                  - name: plain
                    url: %s
                    transport: streamable-http
                """.formatted(secure.url(), plain.url());
        try (GatewayHarness gw = GatewayHarness.start(config)) {
            McpHttpSession s = McpHttpSession.open(gw);
            CatalogStore store = catalog(gw);
            await().atMost(Duration.ofSeconds(20)).until(() -> toolNames(s).size() == 1 && store.failures().containsKey("secure"));
            assertEquals("backend 'secure' TLS failed: the server's certificate is not trusted (set caBundlePath or caBundleData)",
                    store.failures().get("secure"));
            assertEquals(List.of("plain_work"), toolNames(s));
            assertTrue(callText(s, "plain_work", "{}").startsWith("plain/work"));

            // the same URL with a bundle is a new endpoint with its own trust: the backend joins
            gw.rewriteConfig(config.replace("url: " + secure.url() + "\n",
                    "url: " + secure.url() + "\n    caBundleData: |\n" + indent(pki.caPem(), 6) + "\n"));
            await().atMost(Duration.ofSeconds(20)).until(() -> toolNames(s).size() == 2);
            assertFalse(store.failures().containsKey("secure"), store.failures().toString());
            assertEquals("secure/hello {}", callText(s, "secure_hello", "{}"));
        }
    }

    @Test
    void newCertificatesInTheBundleFileAreTrustedWithoutARestart() throws Exception {
        Path bundle = Files.createTempFile("caravan-ca", ".pem");
        Files.writeString(bundle, pki.caPem());
        try (SdkServerBackend rotating = SdkServerBackend.builder("rotating").tools("hello")
                .https(pki.server("ip:127.0.0.1")).start();
             GatewayHarness gw = GatewayHarness.start("""
                     name: tls
                     backends:
                       - name: rotating
                         url: %s
                         transport: streamable-http
                         caBundlePath: %s
                     """.formatted(rotating.url(), bundle))) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(Duration.ofSeconds(20)).until(() -> toolNames(s).equals(List.of("rotating_hello")));
            assertEquals("rotating/hello {}", callText(s, "rotating_hello", "{}"));

            // back on the same address with a certificate from another CA: not trusted by the file yet
            rotating.stop().https(otherCa.server("ip:127.0.0.1")).startServer();
            String refused = s.call("tools/call", "{\"name\":\"rotating_hello\",\"arguments\":{}}").toString();
            assertTrue(refused.contains("certificate is not trusted"), refused);

            // the operator writes the new CA into the same file; the gateway keeps running
            Files.writeString(bundle, otherCa.caPem());
            await().atMost(Duration.ofSeconds(20)).until(() -> s.call("tools/call",
                    "{\"name\":\"rotating_hello\",\"arguments\":{}}").path("result").path("content").path(0)
                    .path("text").asText().equals("rotating/hello {}"));
        } finally {
            Files.deleteIfExists(bundle);
        }
    }

    @Test
    void aBundleThatIsNotPemStopsTheStartNamingBackendAndField() throws Exception {
        Path notPem = Files.createTempFile("caravan-not-pem", ".crt");
        Files.writeString(notPem, "just some text\n");
        try {
            Exception e = assertThrows(Exception.class, () -> GatewayHarness.start("""
                    name: tls
                    backends:
                      - name: inline
                        url: %1$s
                        transport: streamable-http
                        caBundleData: "-----BEGIN CERTIFICATE-----\\nnot base64!\\n-----END CERTIFICATE-----\\n"
                      - name: from-file
                        url: %1$s
                        transport: streamable-http
                        caBundlePath: %2$s
                    """.formatted(secure.url(), notPem)).close());
            String messages = messages(e);
            assertTrue(messages.contains("backends[0] (name=inline).caBundleData: is not a PEM CA bundle: "
                    + "certificate 1 is not a valid X.509 certificate"), messages);
            assertTrue(messages.contains("backends[1] (name=from-file).caBundlePath: '" + notPem
                    + "' is not a PEM CA bundle: holds no PEM certificate"), messages);
        } finally {
            Files.deleteIfExists(notPem);
        }
    }

    static CatalogStore catalog(GatewayHarness gw) {
        return gw.camel().getRegistry().lookupByNameAndType("catalogStore", CatalogStore.class);
    }

    static List<String> toolNames(McpHttpSession s) throws Exception {
        List<String> names = new ArrayList<>();
        s.call("tools/list", null).path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
        names.sort(null);
        return names;
    }

    static String callText(McpHttpSession s, String tool, String argumentsJson) throws Exception {
        JsonNode r = s.call("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "}", Map.of());
        assertFalse(r.path("result").path("isError").asBoolean(), r.toString());
        return r.path("result").path("content").path(0).path("text").asText();
    }

    private static String indent(String text, int spaces) {
        return text.strip().indent(spaces).stripTrailing();
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
