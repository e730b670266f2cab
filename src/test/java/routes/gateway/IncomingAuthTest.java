package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;

import io.modelcontextprotocol.client.McpSyncClient;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;
import routes.testing.OidcProvider;
import routes.testing.RecordedRequest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * incomingAuth type oidc (and Caravan's apiKeys beside it) end to end: a provider of the test's own
 * over real HTTP, the real gateway, the official MCP SDK client and raw HTTP for exact statuses.
 */
class IncomingAuthTest {

    private static final String AUDIENCE = "caravan-test";
    private static final String API_KEY = "ck_live_0123456789abcdef";
    private static final String NO_SCOPE_KEY = "ck_live_without_scope";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static OidcProvider idp;
    private static FixtureBackend alpha;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        idp = OidcProvider.start();
        alpha = FixtureBackend.builder("alpha").tools("search").start();
        gateway = GatewayHarness.start("""
                name: gw
                backends:
                  - {name: alpha, url: "%s", transport: streamable-http}
                incomingAuth:
                  type: oidc
                  oidc:
                    issuer: "%s"
                    audience: %s
                    clientId: %s
                    clientSecretEnv: OIDC_CLIENT_SECRET
                    introspectionUrl: "%s/introspect"
                    scopes: ["mcp:tools"]
                    insecureAllowHttp: true
                    jwksAllowPrivateIp: true
                  apiKeys:
                    - {subject: ci-bot, hash: "sha256:%s", groups: [ci], claims: {scope: "mcp:tools"}}
                    - {subject: no-scope-bot, hashEnv: NO_SCOPE_KEY_HASH}
                  requiredScopes: ["mcp:tools"]
                """.formatted(alpha.url(), idp.issuer(), AUDIENCE, OidcProvider.CLIENT_ID, idp.issuer(), sha256(API_KEY)),
                // bound to every interface: the loopback rule is for anonymous gateways only
                Map.of("camel.server.host", "0.0.0.0"),
                Map.of("OIDC_CLIENT_SECRET", OidcProvider.CLIENT_SECRET, "NO_SCOPE_KEY_HASH", "sha256:" + sha256(NO_SCOPE_KEY)));
        String alice = idp.rsaToken("alice", AUDIENCE, b -> { });
        await().atMost(Duration.ofSeconds(20)).until(() -> BearerClients.toolNames(gateway, alice).size() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        alpha.close();
        idp.close();
    }

    @Test
    void aValidTokenLetsTheSdkClientWorkAndNeverReachesTheBackend() throws Exception {
        String token = idp.rsaToken("alice", AUDIENCE, b -> { });
        alpha.clearRequests();
        try (McpSyncClient client = BearerClients.client(gateway, token)) {
            client.initialize();
            assertEquals(List.of("alpha_search"), client.listTools().tools().stream().map(McpSchema.Tool::name).toList());
            McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("alpha_search", Map.of("q", "x")));
            assertFalse(Boolean.TRUE.equals(r.isError()));
            assertTrue(client.closeGracefully());
        }
        List<RecordedRequest> seen = alpha.requests();
        assertFalse(seen.isEmpty());
        for (RecordedRequest r : seen) {
            assertEquals(null, r.header("authorization"), "the client's Authorization reached the backend: " + r.jsonRpcMethod());
            assertFalse(r.headers().toString().contains(token), "the client's token reached the backend");
        }
    }

    @Test
    void anEcSignedTokenIsAccepted() throws Exception {
        assertEquals(200, initialize(Map.of("Authorization", "Bearer " + idp.ecToken("bob", AUDIENCE))).statusCode());
    }

    @Test
    void everyBadTokenIs401WithTheChallenge() throws Exception {
        Instant now = Instant.now();
        Map<String, String> bad = new HashMap<>();
        bad.put("expired", idp.rsaToken("alice", AUDIENCE, b -> b.expirationTime(Date.from(now.minusSeconds(120)))));
        bad.put("not yet valid", idp.rsaToken("alice", AUDIENCE, b -> b.notBeforeTime(Date.from(now.plusSeconds(300)))));
        bad.put("wrong issuer", idp.rsaToken("alice", AUDIENCE, b -> b.issuer("https://evil.example.com")));
        bad.put("wrong audience", idp.rsaToken("alice", "another-server", b -> { }));
        bad.put("no exp", idp.rsaToken("alice", AUDIENCE, b -> b.expirationTime(null)));
        bad.put("bad signature", OidcProvider.sign(new RSASSASigner(new RSAKeyGenerator(2048).keyID("rsa-1").generate()),
                JWSAlgorithm.RS256, "rsa-1", idp.claims("alice", AUDIENCE, b -> { })));
        bad.put("alg none", new PlainJWT(idp.claims("alice", AUDIENCE, b -> { })).serialize());
        // HMAC "signed" with the provider's RSA public key as the shared secret (the classic key confusion)
        bad.put("HMAC with the public key", OidcProvider.sign(new MACSigner(idp.rsa.toRSAPublicKey().getEncoded()),
                JWSAlgorithm.HS256, "rsa-1", idp.claims("alice", AUDIENCE, b -> { })));
        bad.put("opaque and not active", "opaque-unknown-token");
        bad.put("wrong API key", "ck_live_wrong");
        try (LogCapture logs = LogCapture.start()) {
            assertBadTokensRefused(bad);
            for (String token : bad.values()) {
                assertTrue(logs.linesContaining(token).isEmpty(), "a token reached the log");
            }
            assertTrue(logs.linesContaining(OidcProvider.CLIENT_SECRET).isEmpty(), "the client secret reached the log");
        }
    }

    private static void assertBadTokensRefused(Map<String, String> bad) throws Exception {
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> r = initialize(Map.of("Authorization", "Bearer " + e.getValue()));
            assertEquals(401, r.statusCode(), e.getKey());
            assertEquals("Bearer resource_metadata=\"" + metadataUrl() + "\", scope=\"mcp:tools\", error=\"invalid_token\"",
                    r.headers().firstValue("WWW-Authenticate").orElse(null), e.getKey());
            assertFalse(r.body().contains(e.getValue()), "the token is echoed: " + e.getKey());
            assertEquals(-32001, Json.MAPPER.readTree(r.body()).path("error").path("code").asInt(), e.getKey());
            assertTrue(Json.MAPPER.readTree(r.body()).path("id").isInt(), "the refusal carries the request's id: " + r.body());
        }
    }

    @Test
    void noTokenIs401WithoutAnError() throws Exception {
        HttpResponse<String> r = initialize(Map.of());
        assertEquals(401, r.statusCode());
        assertEquals("Bearer resource_metadata=\"" + metadataUrl() + "\", scope=\"mcp:tools\"",
                r.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(401, send("GET", Map.of("Accept", "text/event-stream")).statusCode());
        assertEquals(401, send("DELETE", Map.of("Mcp-Session-Id", "x")).statusCode());
        assertEquals(401, initialize(Map.of("Authorization", "Basic YWxpY2U6cHc=")).statusCode());
    }

    @Test
    void anUnknownKeyIdRereadsTheKeysOnceThenFails() throws Exception {
        String unknown = OidcProvider.sign(new RSASSASigner(new RSAKeyGenerator(2048).keyID("rotated-2").generate()),
                JWSAlgorithm.RS256, "rotated-2", idp.claims("alice", AUDIENCE, b -> { }));
        int before = idp.jwksReads.get();
        assertEquals(401, initialize(Map.of("Authorization", "Bearer " + unknown)).statusCode());
        assertEquals(before + 1, idp.jwksReads.get(), "an unknown kid reads the JWKS once more");
        // and again at once: the refresh is rate-limited, a stream of made-up kids cannot hammer the provider
        assertEquals(401, initialize(Map.of("Authorization", "Bearer " + unknown)).statusCode());
        assertEquals(before + 1, idp.jwksReads.get());
        // the keys it knows still work without a read
        assertEquals(200, initialize(Map.of("Authorization", "Bearer " + idp.rsaToken("alice", AUDIENCE, b -> { })))
                .statusCode());
        assertEquals(before + 1, idp.jwksReads.get());
    }

    @Test
    void theMetadataDocumentIsServedWithoutAuth() throws Exception {
        for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
            HttpResponse<String> r = gateway.get(path);
            assertEquals(200, r.statusCode(), path);
            JsonNode doc = Json.MAPPER.readTree(r.body());
            assertEquals(AUDIENCE, doc.path("resource").asText());
            assertEquals(List.of(idp.issuer()), Json.MAPPER.convertValue(doc.path("authorization_servers"), List.class));
            assertEquals(List.of("mcp:tools"), Json.MAPPER.convertValue(doc.path("scopes_supported"), List.class));
            assertEquals(List.of("header"), Json.MAPPER.convertValue(doc.path("bearer_methods_supported"), List.class));
        }
    }

    @Test
    void opaqueTokensAreIntrospectedWithTheClientSecretAndCached() throws Exception {
        idp.activate("opaque-active-1", Map.of("sub", "carol", "iss", idp.issuer(), "aud", AUDIENCE,
                "exp", Instant.now().getEpochSecond() + 600, "scope", "mcp:tools"));
        int before = idp.introspections.get();
        Map<String, String> auth = Map.of("Authorization", "Bearer opaque-active-1");
        assertEquals(200, initialize(auth).statusCode());
        assertEquals(200, initialize(auth).statusCode());
        assertEquals(before + 1, idp.introspections.get(), "the provider's answer is kept");
        assertEquals(0, idp.badClientAuth.get(), "the gateway authenticates with clientId and the secret from env");
        assertEquals(401, initialize(Map.of("Authorization", "Bearer opaque-never-issued")).statusCode());
    }

    @Test
    void apiKeysWorkBesideOidcInEitherHeader() throws Exception {
        assertEquals(200, initialize(Map.of("X-API-Key", API_KEY)).statusCode());
        assertEquals(200, initialize(Map.of("Authorization", "Bearer " + API_KEY)).statusCode());
        HttpResponse<String> wrong = initialize(Map.of("X-API-Key", API_KEY + "x"));
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\""));
    }

    @Test
    void aValidIdentityWithoutTheRequiredScopeIs403() throws Exception {
        HttpResponse<String> r = initialize(Map.of("Authorization", "Bearer "
                + idp.rsaToken("dave", AUDIENCE, b -> b.claim("scope", "openid profile"))));
        assertEquals(403, r.statusCode());
        assertEquals("Bearer resource_metadata=\"" + metadataUrl() + "\", scope=\"mcp:tools\", error=\"insufficient_scope\"",
                r.headers().firstValue("WWW-Authenticate").orElse(null));
        // an API key whose hash comes from an env variable works, and has no scope either
        assertEquals(403, initialize(Map.of("X-API-Key", NO_SCOPE_KEY)).statusCode());
        // scp (a list) counts as scope
        assertEquals(200, initialize(Map.of("Authorization", "Bearer " + idp.rsaToken("erin", AUDIENCE,
                b -> b.claim("scope", null).claim("scp", List.of("mcp:tools"))))).statusCode());
    }

    @Test
    void aSessionAnswersOnlyTheIdentityThatOpenedIt() throws Exception {
        Map<String, String> alice = Map.of("Authorization", "Bearer " + idp.rsaToken("alice", AUDIENCE, b -> { }));
        Map<String, String> mallory = Map.of("Authorization", "Bearer " + idp.rsaToken("mallory", AUDIENCE, b -> { }));
        HttpResponse<String> init = initialize(alice);
        String sid = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        Map<String, String> session = Map.of("Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-11-25");
        assertEquals(202, post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", with(alice, session))
                .statusCode());
        String list = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}";

        HttpResponse<String> stolen = post(list, with(mallory, session));
        HttpResponse<String> unknown = post(list, with(mallory, Map.of("Mcp-Session-Id", "0123456789abcdef0123456789abcdef",
                "MCP-Protocol-Version", "2025-11-25")));
        assertEquals(404, stolen.statusCode());
        assertEquals(unknown.body(), stolen.body(), "a stolen session looks exactly like an unknown one");
        // the same user through an API key is another identity too
        assertEquals(404, post(list, with(Map.of("X-API-Key", API_KEY), session)).statusCode());
        assertEquals(404, send("GET", with(mallory, with(session, Map.of("Accept", "text/event-stream")))).statusCode());
        assertEquals(404, send("DELETE", with(mallory, session)).statusCode());

        // the owner, with a fresh token of the same subject, still has it
        Map<String, String> aliceAgain = Map.of("Authorization", "Bearer " + idp.rsaToken("alice", AUDIENCE, b -> { }));
        HttpResponse<String> own = post(list, with(aliceAgain, session));
        assertEquals(200, own.statusCode());
        assertNotNull(McpHttpSession.responseOf(own).path("result").path("tools"));
        assertEquals(204, send("DELETE", with(aliceAgain, session)).statusCode());
    }

    @Test
    void anAuthenticatedGatewayIsReachableOnEveryInterfaceItWasAskedFor() throws Exception {
        String address = AnonymousBindTest.nonLoopbackAddress();
        org.junit.jupiter.api.Assumptions.assumeTrue(address != null, "this machine has no non-loopback address");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + ":"
                + URI.create(gateway.baseUrl()).getPort() + "/.well-known/oauth-protected-resource")).timeout(Duration.ofSeconds(5))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
    }

    // ---- helpers

    private static String metadataUrl() {
        return gateway.baseUrl() + "/.well-known/oauth-protected-resource/mcp";
    }



    private static HttpResponse<String> initialize(Map<String, String> headers) throws Exception {
        return post("""
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""", headers);
    }

    private static HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
        return gateway.post(body, with(Map.of("Content-Type", "application/json", "Accept", McpHttpSession.ACCEPT), headers));
    }

    private static HttpResponse<String> send(String method, Map<String, String> headers) throws Exception {
        return gateway.send(method, headers);
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new HashMap<>(a);
        all.putAll(b);
        return all;
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
