package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.backend.BackendClient;
import routes.catalog.CatalogStore;
import routes.health.HealthState;
import routes.kernel.BackendException;
import routes.kernel.CallerIdentity;
import routes.kernel.Credential;
import routes.protocol.Json;
import routes.registry.BackendRegistry;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.RecordedRequest;
import routes.testing.TestTokenEndpoint;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outgoing auth that fetches tokens, against a token endpoint of the test's own and real MCP
 * backends that capture every request: RFC 8693 token exchange (the backend gets the exchanged
 * token, never the caller's; one exchange per subject and backend while the token lives; a token
 * endpoint that is down or refuses fails that backend only), the client credentials grant (one
 * token shared by every caller), probes of a backend whose strategy needs a user
 * (unauthenticated, still routed), passthrough headers per request, and the client's own
 * Authorization reaching no backend ever. Authenticated callers are built here, as incoming auth
 * will hand them on, and sent through the gateway's own backend client and pipeline.
 */
class OutgoingTokenAuthTest {

    private static final String TE_SECRET = "te-s3cret:with&odd=chars";
    private static final String CC_SECRET = "cc-s3cret";
    private static final String FRONT_DOOR_TOKEN = "client-front-door-token-7f3a";

    private static final String CONFIG = """
            name: outauth
            backends:
              - {name: te, url: "%s", transport: streamable-http}
              - {name: cc, url: "%s", transport: streamable-http}
              - {name: locked, url: "%s", transport: streamable-http}
              - {name: gone, url: "%s", transport: streamable-http}
              - {name: other, url: "%s", transport: streamable-http}
              - {name: hi, url: "%s", transport: streamable-http}
            outgoingAuth:
              source: inline
              backends:
                te:
                  type: token_exchange
                  tokenExchange:
                    tokenUrl: "%s"
                    clientId: caravan
                    clientSecretEnv: TE_CLIENT_SECRET
                    audience: te-api
                    scopes: [read, write]
                    subjectTokenType: access_token
                cc:
                  type: client_credentials
                  clientCredentials: {tokenUrl: "%s", clientId: caravan-cc, clientSecret: %s, scopes: [tools]}
                locked:
                  type: token_exchange
                  tokenExchange: {tokenUrl: "%s", audience: locked-api}
                gone:
                  type: token_exchange
                  tokenExchange: {tokenUrl: "%s", audience: gone-api}
                hi:
                  type: header_injection
                  headerInjection: {headerName: Authorization, headerValue: "Bearer static-backend-key"}
            passthroughHeaders: [X-Tenant-Id]
            operational:
              failureHandling: {healthCheckInterval: 1s, unhealthyThreshold: 1}
            """;

    private static TestTokenEndpoint tokens;
    private static FixtureBackend te;
    private static FixtureBackend cc;
    private static FixtureBackend locked;
    private static FixtureBackend gone;
    private static FixtureBackend other;
    private static FixtureBackend hi;
    private static GatewayHarness gateway;
    private static BackendClient client;
    private static BackendRegistry registry;
    private static final List<String> userTokens = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        tokens = TestTokenEndpoint.start().client("caravan", TE_SECRET).client("caravan-cc", CC_SECRET)
                .lifetime("locked-api", 2);
        te = FixtureBackend.builder("te").tools("whoami").start().requireAuthorization("Bearer ");
        cc = FixtureBackend.builder("cc").tools("ping").start().requireAuthorization("Bearer cc-");
        locked = FixtureBackend.builder("locked").tools("vault").start().requireAuthorization("Bearer xchg-");
        gone = FixtureBackend.builder("gone").tools("echo").start();
        other = FixtureBackend.builder("other").tools("hello").start();
        hi = FixtureBackend.builder("hi").tools("greet").start().requireAuthorization("Bearer static-backend-key");
        String deadTokenUrl;
        try (ServerSocket s = new ServerSocket(0)) {
            deadTokenUrl = "http://127.0.0.1:" + s.getLocalPort() + "/token";
        }
        gateway = GatewayHarness.start(CONFIG.formatted(te.url(), cc.url(), locked.url(), gone.url(), other.url(), hi.url(),
                tokens.url(), tokens.url(), CC_SECRET, tokens.url(), deadTokenUrl), Map.of(),
                Map.of("TE_CLIENT_SECRET", TE_SECRET));
        client = gateway.camel().getRegistry().lookupByNameAndType("backendClient", BackendClient.class);
        registry = gateway.camel().getRegistry().lookupByNameAndType("backendRegistry", BackendRegistry.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> registry.get("te") != null && registry.get("other") != null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (FixtureBackend b : new FixtureBackend[] {te, cc, locked, gone, other, hi}) {
            b.close();
        }
        tokens.close();
    }

    private static CallerIdentity user(String subject) {
        String token = "idp-token-of-" + subject + "-" + System.nanoTime();
        userTokens.add(token);
        return new CallerIdentity(subject, CallerIdentity.Kind.AUTHENTICATED, null, null, new Credential("Bearer", token),
                "https://idp.test", Map.of());
    }

    private static String tokenOf(CallerIdentity who) {
        return who.credential().reveal();
    }

    private static JsonNode call(String owner, String backend, CallerIdentity who, String tool) {
        return client.call(owner, registry.get(backend), who, "tools/call",
                Json.object().put("name", tool).set("arguments", Json.object()), null);
    }

    private static String lastAuthorization(FixtureBackend b) {
        List<RecordedRequest> calls = b.requests("tools/call");
        return calls.get(calls.size() - 1).header("Authorization");
    }

    @Test
    void theBackendGetsTheExchangedTokenNeverTheCallers() {
        CallerIdentity alice = user("alice");
        call("alice-session", "te", alice, "whoami");

        String sent = lastAuthorization(te);
        assertTrue(sent.startsWith("Bearer xchg-"), sent);
        assertEquals(tokenOf(alice), tokens.subjectOf(sent.substring("Bearer ".length())));
        TestTokenEndpoint.Call exchange = tokens.calls().stream()
                .filter(c -> tokenOf(alice).equals(c.form().get("subject_token"))).findFirst().orElseThrow();
        assertEquals(TestTokenEndpoint.TOKEN_EXCHANGE, exchange.grantType());
        assertEquals(TestTokenEndpoint.ACCESS_TOKEN_TYPE, exchange.form().get("subject_token_type"));
        assertEquals(TestTokenEndpoint.ACCESS_TOKEN_TYPE, exchange.form().get("requested_token_type"));
        assertEquals("te-api", exchange.form().get("audience"));
        assertEquals("read write", exchange.form().get("scope"));
        // HTTP Basic with the form-encoded id and secret (RFC 6749 §2.3.1), never in the form
        assertEquals("caravan", exchange.clientId());
        assertEquals(TE_SECRET, exchange.clientSecret());
        assertNull(exchange.form().get("client_secret"));
        // initialize and the call of alice's backend session both carried the exchanged token
        List<String> sessionAuth = te.requests().stream().filter(r -> sent.equals(r.header("Authorization")))
                .map(RecordedRequest::jsonRpcMethod).toList();
        assertTrue(sessionAuth.contains("initialize") && sessionAuth.contains("tools/call"), sessionAuth::toString);
        assertNoCallerTokenReachedABackend();
    }

    @Test
    void oneExchangePerSubjectAndBackendWhileTheTokenLivesAndANewOneAfter() {
        CallerIdentity bob = user("bob");
        CallerIdentity carol = user("carol");
        for (int i = 0; i < 3; i++) {
            call("bob-session", "te", bob, "whoami");
        }
        call("bob-other-session", "te", bob, "whoami");
        call("carol-session", "te", carol, "whoami");
        assertEquals(1, tokens.exchanges(tokenOf(bob), "te-api"));
        assertEquals(1, tokens.exchanges(tokenOf(carol), "te-api"));
        // another backend is another exchange, with its own audience
        call("bob-session", "locked", bob, "vault");
        assertEquals(1, tokens.exchanges(tokenOf(bob), "locked-api"));
        call("bob-session", "locked", bob, "vault");
        assertEquals(1, tokens.exchanges(tokenOf(bob), "locked-api"));
        // locked-api tokens live 2 s: kept until shortly before, then exchanged again
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200)).until(() -> {
            call("bob-session", "locked", bob, "vault");
            return tokens.exchanges(tokenOf(bob), "locked-api") == 2;
        });
        assertTrue(lastAuthorization(locked).startsWith("Bearer xchg-"));
    }

    @Test
    void manyConcurrentRequestsOfOneSubjectCauseOneExchange() throws Exception {
        CallerIdentity dave = user("dave");
        tokens.delay(300);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String owner = "dave-session-" + i;
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return call(owner, "te", dave, "whoami");
                }, pool));
            }
            go.countDown();
            for (CompletableFuture<JsonNode> c : calls) {
                c.get();
            }
        } finally {
            tokens.delay(0);
            pool.shutdownNow();
        }
        assertEquals(1, tokens.exchanges(tokenOf(dave), "te-api"));
    }

    @Test
    void aTokenEndpointThatIsDownOrRefusesFailsThatBackendOnly() throws Exception {
        CallerIdentity erin = user("erin");
        BackendException down = assertThrows(BackendException.class, () -> call("erin-session", "gone", erin, "echo"));
        assertTrue(down.clientMessage().startsWith("backend 'gone' cannot be called: token exchange failed:"), down.clientMessage());
        assertTrue(down.clientMessage().contains("unreachable"), down.clientMessage());
        assertFalse(down.clientMessage().contains("127.0.0.1"), down.clientMessage());
        assertFalse(down.getMessage().contains(tokenOf(erin)), down.getMessage());
        assertTrue(gone.requests("tools/call").isEmpty(), "nothing is sent without the token");
        // the others keep answering
        call("erin-session", "other", erin, "hello");
        call("erin-session", "te", erin, "whoami");

        CallerIdentity frank = user("frank");
        tokens.refuseWith(400);
        try {
            BackendException refused = assertThrows(BackendException.class, () -> call("frank-session", "te", frank, "whoami"));
            assertEquals("backend 'te' cannot be called: token exchange failed: the token endpoint refused it:"
                    + " HTTP 400 (invalid_grant)", refused.clientMessage());
            assertFalse(refused.getMessage().contains(TE_SECRET) || refused.getMessage().contains(tokenOf(frank)));
            // erin's exchanged token is still good: her calls go on
            call("erin-session", "te", erin, "whoami");
        } finally {
            tokens.refuseWith(0);
        }
        // a failed exchange is not kept: the next request exchanges again
        call("frank-session", "te", frank, "whoami");
        assertEquals(1, tokens.exchanges(tokenOf(frank), "te-api"));
        String metrics = gateway.get(gateway.managementUrl() + "/observe/metrics").body();
        assertTrue(metrics.contains("caravan_outgoing_token_requests_total{backend=\"gone\",grant=\"token_exchange\","
                + "outcome=\"failed\"}"), metrics);
        assertTrue(metrics.contains("caravan_outgoing_token_requests_total{backend=\"te\",grant=\"token_exchange\","
                + "outcome=\"issued\"}"));
    }

    @Test
    void clientCredentialsIsFetchedOnceAndSharedByEveryCaller() {
        call("g-session", "cc", user("grace"), "ping");
        String first = lastAuthorization(cc);
        call("h-session", "cc", user("heidi"), "ping");
        assertEquals(first, lastAuthorization(cc));
        assertTrue(first.startsWith("Bearer cc-"), first);
        // the catalog fetch and probes used the same token: one grant in all
        assertEquals(1, tokens.clientCredentialsGrants("caravan-cc"));
        TestTokenEndpoint.Call grant = tokens.calls().stream().filter(c -> "caravan-cc".equals(c.clientId())).findFirst()
                .orElseThrow();
        assertEquals("tools", grant.form().get("scope"));
        assertNull(grant.form().get("subject_token"));
        assertEquals(CC_SECRET, grant.clientSecret());
    }

    @Test
    void aProbeOfATokenExchangeBackendWithoutClientCredentialsIsUnauthenticatedAndUsersStillReachIt() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> GatewayHealth.read(gateway, TE_SECRET, CC_SECRET)
                .statusOf("locked").equals("unauthenticated"));
        HealthState health = gateway.camel().getRegistry().lookupByNameAndType("healthState", HealthState.class);
        assertTrue(health.routable("locked"));
        assertTrue(GatewayHealth.read(gateway).backend("locked").path("routable").asBoolean(), "routed to, as /status says");
        health.admit(registry.get("locked"));
        call("ivan-session", "locked", user("ivan"), "vault");
        assertTrue(lastAuthorization(locked).startsWith("Bearer xchg-"));
        // the gateway's own requests to it carried no credentials at all
        assertTrue(locked.requests().stream().filter(r -> !r.hasHeader("Authorization")).count() > 0);
        assertTrue(locked.requests().stream().allMatch(r -> !r.hasHeader("Authorization")
                || r.header("Authorization").startsWith("Bearer xchg-")));
        // its tools cannot be listed for everyone without credentials of the gateway's own, and the operator is told why
        CatalogStore catalog = gateway.camel().getRegistry().lookupByNameAndType("catalogStore", CatalogStore.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.failures().containsKey("locked"));
        assertTrue(catalog.failures().get("locked").contains("give it a client secret (client credentials) for its tools"),
                catalog.failures()::toString);
        assertFalse(catalog.failures().containsKey("te"), "te's catalog is fetched with client credentials");
        // a token exchange backend with a client secret is probed with client credentials: healthy
        assertEquals("healthy", GatewayHealth.read(gateway).statusOf("te"));
        assertTrue(te.requests().stream().anyMatch(r -> "tools/list".equals(r.jsonRpcMethod())
                && r.header("Authorization").startsWith("Bearer cc-")));
    }

    @Test
    void passthroughHeadersReachTheBackendForTheirRequestOnly() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).toString().contains("other_hello"));
        s.call("tools/call", "{\"name\":\"other_hello\",\"arguments\":{}}", Map.of("X-Tenant-Id", "acme"));
        List<RecordedRequest> calls = other.requests("tools/call");
        assertEquals("acme", calls.get(calls.size() - 1).header("X-Tenant-Id"));
        s.call("tools/call", "{\"name\":\"other_hello\",\"arguments\":{}}", Map.of("x-tenant-id", "globex"));
        calls = other.requests("tools/call");
        assertEquals("globex", calls.get(calls.size() - 1).header("X-Tenant-Id"));
        s.call("tools/call", "{\"name\":\"other_hello\",\"arguments\":{}}", Map.of("X-Other", "not-listed"));
        calls = other.requests("tools/call");
        assertFalse(calls.get(calls.size() - 1).hasHeader("X-Tenant-Id"), "a header is not kept for the next request");
        assertFalse(calls.get(calls.size() - 1).hasHeader("X-Other"), "only listed headers pass");
    }

    @Test
    void theClientsAuthorizationAndCookiesReachNoBackendUnderAnyStrategy() throws Exception {
        McpHttpSession s = McpHttpSession.open(gateway);
        Map<String, String> creds = Map.of("Authorization", "Bearer " + FRONT_DOOR_TOKEN, "Cookie", "sid=" + FRONT_DOOR_TOKEN);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            String tools = s.call("tools/list", null, creds).toString();
            return tools.contains("other_hello") && tools.contains("hi_greet") && tools.contains("cc_ping");
        });
        for (String tool : List.of("other_hello", "cc_ping", "te_whoami", "gone_echo", "hi_greet")) {
            s.call("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":{}}", creds);
        }
        assertTrue(hi.requests("tools/call").size() > 0);
        assertTrue(hi.requests().stream().allMatch(r -> "Bearer static-backend-key".equals(r.header("Authorization"))),
                "header_injection's value, on every request");
        // te and gone need the caller's token: an anonymous caller's call is refused, not sent with the gateway's
        List<RecordedRequest> all = new ArrayList<>();
        for (FixtureBackend b : new FixtureBackend[] {te, cc, locked, gone, other, hi}) {
            all.addAll(b.requests());
        }
        assertFalse(all.isEmpty());
        for (RecordedRequest r : all) {
            assertFalse(r.toString().contains(FRONT_DOOR_TOKEN), "a backend saw the client's credential: " + r);
            assertFalse(r.hasHeader("Cookie"), r::toString);
        }
        assertNoCallerTokenReachedABackend();
    }

    private static void assertNoCallerTokenReachedABackend() {
        for (FixtureBackend b : new FixtureBackend[] {te, cc, locked, gone, other, hi}) {
            for (RecordedRequest r : b.requests()) {
                for (String token : List.copyOf(userTokens)) {
                    assertFalse(r.toString().contains(token), b.name() + " saw a caller's own token: " + r);
                }
            }
        }
    }
}
