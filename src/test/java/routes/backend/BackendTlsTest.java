package routes.backend;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.testing.TestPki;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PEM bundles in and out, and the TLS settings a backend endpoint gets from them. */
class BackendTlsTest {

    private static TestPki pki;
    private static TestPki other;

    @BeforeAll
    static void makeCas() {
        pki = TestPki.create("Caravan Test CA");
        other = TestPki.create("Caravan Other CA");
    }

    @AfterAll
    static void removeCas() {
        pki.close();
        other.close();
    }

    @Test
    void readsEveryCertificateAndSkipsTextBetweenBlocks() throws Exception {
        String bundle = "# Issuer: CN=Caravan Test CA\n" + pki.caPem() + "\n# Issuer: CN=Caravan Other CA\n" + other.caPem();
        List<X509Certificate> certs = BackendTls.parsePem(bundle);
        assertEquals(List.of("CN=Caravan Test CA", "CN=Caravan Other CA"),
                certs.stream().map(c -> c.getSubjectX500Principal().getName()).toList());
        assertEquals(certs.subList(0, 1), BackendTls.readPem(pki.caPemFile()));
    }

    static Stream<Arguments> badBundles() {
        String ca = pki.caPem();
        return Stream.of(
                Arguments.of("empty", "", "holds no PEM certificate"),
                Arguments.of("not PEM at all", "this is not a certificate", "holds no PEM certificate"),
                Arguments.of("a private key", "-----BEGIN PRIVATE KEY-----\nMIIBVAIBADANBg==\n-----END PRIVATE KEY-----\n",
                        "PEM block 1 is a 'PRIVATE KEY'; a CA bundle holds only CERTIFICATE blocks"),
                Arguments.of("a certificate that is not one", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                        "certificate 1 is not a valid X.509 certificate"),
                Arguments.of("the second of two is broken", ca + "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n",
                        "certificate 2 is not a valid X.509 certificate"),
                Arguments.of("cut off before its END line", ca.substring(0, ca.indexOf("-----END")),
                        "has no matching END line"),
                Arguments.of("BEGIN and END disagree", ca.replace("-----END CERTIFICATE-----", "-----END PUBLIC KEY-----"),
                        "begins as 'CERTIFICATE' but ends as 'PUBLIC KEY'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBundles")
    void aBadBundleSaysWhy(String why, String pem, String expected) {
        BackendTls.BundleException e = assertThrows(BackendTls.BundleException.class, () -> BackendTls.parsePem(pem));
        assertTrue(e.getMessage().contains(expected), () -> "expected \"" + expected + "\" in: " + e.getMessage());
    }

    @Test
    void offersOnlyTls13And12() throws Exception {
        for (List<X509Certificate> extra : List.of(List.<X509Certificate>of(), BackendTls.parsePem(pki.caPem()))) {
            SSLContext context = BackendTls.contextParameters(extra).createSSLContext(new DefaultCamelContext());
            assertEquals(Set.of("TLSv1.3", "TLSv1.2"), Set.of(context.createSSLEngine().getEnabledProtocols()));
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                assertEquals(Set.of("TLSv1.3", "TLSv1.2"), Set.of(socket.getEnabledProtocols()));
            }
        }
    }

    @Test
    void aBundleIsAddedToTheDefaultTrustNotSubstitutedForIt() throws Exception {
        X509Certificate ca = BackendTls.parsePem(pki.caPem()).get(0);
        SSLContextParameters params = BackendTls.contextParameters(List.of(ca));
        X509Certificate[] trusted = ((X509TrustManager) params.getTrustManagers().getTrustManager()).getAcceptedIssuers();

        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        X509Certificate[] defaults = ((X509TrustManager) tmf.getTrustManagers()[0]).getAcceptedIssuers();
        assertTrue(defaults.length > 0, "the JVM here has no default trust anchors to test with");
        assertTrue(Arrays.asList(trusted).containsAll(Arrays.asList(defaults)), "default anchors were dropped");
        assertTrue(Arrays.asList(trusted).contains(ca), "the bundle's CA is not trusted");
        assertEquals(defaults.length + 1, trusted.length);
    }

    @Test
    void withoutABundleTheDefaultTrustIsUsedAsIs() {
        assertNull(BackendTls.contextParameters(List.of()).getTrustManagers());
    }
}
