package routes.gateway;

import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.OidcProvider;
import routes.testing.TestPki;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An OIDC provider over HTTPS whose certificate only incomingAuth.oidc.caBundlePath vouches for:
 * discovery and the JWKS are read through that trust, and a token it signed lets the client in.
 */
class OidcTlsTest {

    @Test
    void theProvidersCaBundleIsTrusted() throws Exception {
        try (TestPki pki = TestPki.create("OIDC Test CA");
             OidcProvider idp = OidcProvider.startTls(pki.server("ip:127.0.0.1"));
             FixtureBackend alpha = FixtureBackend.builder("alpha").tools("search").start();
             GatewayHarness gw = GatewayHarness.start("""
                     name: gw
                     backends:
                       - {name: alpha, url: "%s", transport: streamable-http}
                     incomingAuth:
                       type: oidc
                       oidc: {issuer: "%s", audience: gw, caBundlePath: "%s", jwksAllowPrivateIp: true}
                     """.formatted(alpha.url(), idp.issuer(), pki.caPemFile()))) {
            HttpResponse<String> r = gw.post("""
                    {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                     "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""",
                    Map.of("Content-Type", "application/json", "Accept", McpHttpSession.ACCEPT,
                            "Authorization", "Bearer " + idp.rsaToken("alice", "gw", b -> { })));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(1, idp.discoveryReads.get());
            assertEquals(1, idp.jwksReads.get());
        }
    }
}
