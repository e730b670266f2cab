package routes.auth;

import com.nimbusds.jwt.JWTParser;
import org.junit.jupiter.api.Test;
import routes.testing.OidcProvider;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of the gateway's own requests to its provider, against a real provider on loopback. */
class OidcHttpTest {

    private static OidcSettings settings(String issuer, boolean allowPrivate, boolean allowHttp) {
        return new OidcSettings(issuer, List.of("gw"), null, null, null, null, null, List.of(), allowPrivate, allowHttp,
                null, Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    @Test
    void aLoopbackProviderNeedsThePrivateIpSetting() throws Exception {
        try (OidcProvider idp = OidcProvider.start()) {
            OidcHttp.FetchException refused = assertThrows(OidcHttp.FetchException.class,
                    () -> new OidcHttp(settings(idp.issuer(), false, true)).get(idp.issuer() + "/jwks"));
            assertTrue(refused.getMessage().contains("private or loopback"), refused.getMessage());
            assertEquals(0, idp.jwksReads.get(), "nothing was sent");
            assertTrue(new OidcHttp(settings(idp.issuer(), true, true)).get(idp.issuer() + "/jwks").contains("rsa-1"));
        }
    }

    @Test
    void plainHttpNeedsTheInsecureSetting() throws Exception {
        try (OidcProvider idp = OidcProvider.start()) {
            OidcHttp.FetchException refused = assertThrows(OidcHttp.FetchException.class,
                    () -> new OidcHttp(settings(idp.issuer(), true, false)).get(idp.issuer() + "/jwks"));
            assertTrue(refused.getMessage().contains("not https"), refused.getMessage());
        }
    }

    @Test
    void aProviderTheJvmDoesNotTrustIsRefused() throws Exception {
        try (routes.testing.TestPki pki = routes.testing.TestPki.create("Untrusted CA");
             OidcProvider idp = OidcProvider.startTls(pki.server("ip:127.0.0.1"))) {
            OidcHttp.FetchException refused = assertThrows(OidcHttp.FetchException.class,
                    () -> new OidcHttp(settings(idp.issuer(), true, false)).get(idp.issuer() + "/jwks"));
            assertTrue(refused.getMessage().contains("could not be read"), refused.getMessage());
            assertEquals(0, idp.jwksReads.get());
        }
    }

    @Test
    void keysAreDiscoveredFromTheIssuerOnce() throws Exception {
        try (OidcProvider idp = OidcProvider.start()) {
            OidcSettings s = settings(idp.issuer(), true, true);
            JwksKeys keys = new JwksKeys(new OidcHttp(s), idp.issuer(), null, System::currentTimeMillis);
            JwtCheck check = new JwtCheck(s, keys);
            assertEquals("alice", check.verify(JWTParser.parse(idp.rsaToken("alice", "gw", b -> { }))).getSubject());
            assertEquals("bob", check.verify(JWTParser.parse(idp.ecToken("bob", "gw"))).getSubject());
            assertEquals(1, idp.discoveryReads.get());
            assertEquals(1, idp.jwksReads.get());
        }
    }

    @Test
    void privateAddressesAreRecognised() throws Exception {
        for (String a : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "::1", "fd00::1", "fe80::1")) {
            assertTrue(OidcHttp.isPrivate(java.net.InetAddress.getByName(a)), a);
        }
        for (String a : List.of("8.8.8.8", "2001:4860:4860::8888", "100.128.0.1")) {
            assertTrue(!OidcHttp.isPrivate(java.net.InetAddress.getByName(a)), a);
        }
    }
}
