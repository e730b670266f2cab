package routes.auth;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.headers.HeaderForwardEnricher;
import routes.kernel.AuthStrategy;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.Credential;
import routes.kernel.HeaderForward;
import routes.kernel.Pipeline;
import routes.secrets.SecretNotFoundException;
import routes.secrets.SecretRef;
import routes.secrets.SecretsProvider;
import routes.testing.TestTokenEndpoint;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outgoing-auth step on its own: which credential each caller gets for each strategy, what the
 * gateway's own traffic gets, and the token endpoint call's timeouts, against a real token
 * endpoint of the test's own.
 */
class OutgoingAuthTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();
    private static TestTokenEndpoint endpoint;
    private static final SecretsProvider SECRETS = ref -> {
        if (ref instanceof SecretRef.Variable v && v.name().equals("GW_SECRET")) {
            return "from-env";
        }
        throw new SecretNotFoundException(ref, "not set");
    };

    @BeforeAll
    static void start() throws Exception {
        endpoint = TestTokenEndpoint.start().client("gw", "from-env").client("lit", "literal");
    }

    @AfterAll
    static void stop() {
        endpoint.close();
    }

    private static TokenEndpointCall call(Duration responseTimeout) {
        return new TokenEndpointCall(spec -> null, Duration.ofSeconds(2), responseTimeout);
    }

    private static BackendSpec backend(AuthStrategy auth) {
        return new BackendSpec("b", URI.create("http://127.0.0.1:1/mcp"), BackendSpec.Transport.STREAMABLE_HTTP, null,
                Duration.ofSeconds(5), HeaderForward.NONE, auth, null);
    }

    private static Exchange run(OutgoingAuth step, BackendSpec backend, CallerIdentity caller) {
        Exchange ex = new DefaultExchange(CAMEL);
        ex.setProperty(Pipeline.BACKEND, backend);
        ex.setProperty(Pipeline.CALLER, caller);
        step.process(ex);
        return ex;
    }

    private static CallerIdentity user(String token) {
        return new CallerIdentity("u", CallerIdentity.Kind.AUTHENTICATED, null, null, new Credential("Bearer", token), "iss", Map.of());
    }

    @Test
    void theGatewayUsesClientCredentialsWhenTheExchangeHasASecretAndNothingOtherwise() {
        List<TokenRequest> asked = new CopyOnWriteArrayList<>();
        TokenEndpointCall http = call(Duration.ofSeconds(5));
        OutgoingAuth step = new OutgoingAuth(SECRETS, new OutgoingTokens(r -> {
            asked.add(r);
            return http.fetch(r);
        }, 100));
        URI url = URI.create(endpoint.url());
        var withSecret = new AuthStrategy.TokenExchange(url, new AuthStrategy.OAuthClient("gw", null, new SecretRef.Variable("GW_SECRET")),
                "api", List.of(), null);
        Exchange probe = run(step, backend(withSecret), CallerIdentity.GATEWAY);
        assertTrue(probe.getMessage().getHeader("Authorization", String.class).startsWith("Bearer cc-"));
        assertEquals("client_credentials", asked.get(0).form().get("grant_type"));
        assertEquals("from-env", asked.get(0).clientSecret());

        var noSecret = new AuthStrategy.TokenExchange(url, null, "api", List.of(), null);
        Exchange bare = run(step, backend(noSecret), CallerIdentity.GATEWAY);
        assertNull(bare.getMessage().getHeader("Authorization"));
        assertEquals(1, asked.size());
    }

    @Test
    void aCallerWithoutABearerTokenIsRefusedNotSentWithTheGatewaysCredentials() {
        OutgoingAuth step = new OutgoingAuth(SECRETS, new OutgoingTokens(r -> {
            throw new AssertionError("no token may be fetched for an anonymous caller");
        }, 10));
        var exchange = new AuthStrategy.TokenExchange(URI.create(endpoint.url()),
                new AuthStrategy.OAuthClient("lit", "literal", null), null, List.of(), null);
        BackendException e = assertThrows(BackendException.class,
                () -> run(step, backend(exchange), CallerIdentity.anonymous(null, null)));
        assertEquals("backend 'b' cannot be called: its token exchange needs the caller's bearer token, and this request"
                + " has none (incomingAuth must be oidc for token_exchange backends)", e.clientMessage());
        CallerIdentity apiKey = new CallerIdentity("k", CallerIdentity.Kind.AUTHENTICATED, null, null,
                new Credential("ApiKey", "k-1"), "api-key", Map.of());
        assertThrows(BackendException.class, () -> run(step, backend(exchange), apiKey));
    }

    @Test
    void aFailedFetchIsNotKeptAndAMissingClientSecretNamesWhereItWasLookedFor() {
        int[] fetches = {0};
        Function<TokenRequest, IssuedToken> flaky = r -> {
            if (fetches[0]++ == 0) {
                throw new TokenEndpointException("the token endpoint is unreachable", "down", null);
            }
            return new IssuedToken("t-" + fetches[0], System.nanoTime() + Duration.ofMinutes(1).toNanos());
        };
        OutgoingAuth step = new OutgoingAuth(SECRETS, new OutgoingTokens(flaky, 10));
        var cc = new AuthStrategy.ClientCredentials(URI.create(endpoint.url()), new AuthStrategy.OAuthClient("lit", "literal", null),
                null, List.of());
        assertThrows(BackendException.class, () -> run(step, backend(cc), user("x")));
        assertEquals("Bearer t-2", run(step, backend(cc), user("x")).getMessage().getHeader("Authorization"));
        assertEquals("Bearer t-2", run(step, backend(cc), user("y")).getMessage().getHeader("Authorization"));
        assertEquals(2, fetches[0]);

        var missing = new AuthStrategy.ClientCredentials(URI.create(endpoint.url()),
                new AuthStrategy.OAuthClient("lit", null, new SecretRef.Variable("NOT_SET")), null, List.of());
        BackendException e = assertThrows(BackendException.class, () -> run(step, backend(missing), user("x")));
        assertEquals("backend 'b' cannot be called: its client secret (env NOT_SET) is missing or empty",
                e.clientMessage());
    }

    @Test
    void aSlowTokenEndpointFailsWithinTheResponseTimeoutAndARefusalSaysWhy() {
        TokenEndpointCall http = call(Duration.ofMillis(300));
        TokenRequest req = new TokenRequest(backend(AuthStrategy.UNAUTHENTICATED), "client credentials",
                URI.create(endpoint.url()), Map.of("grant_type", "client_credentials"), "lit", "literal");
        endpoint.delay(3000);
        long start = System.nanoTime();
        try {
            TokenEndpointException slow = assertThrows(TokenEndpointException.class, () -> http.fetch(req));
            assertEquals("the token endpoint did not answer in time", slow.clientReason());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2500);
        } finally {
            endpoint.delay(0);
        }
        TokenRequest wrongSecret = new TokenRequest(req.backend(), "client credentials", req.tokenUrl(), req.form(), "lit", "nope");
        TokenEndpointException refused = assertThrows(TokenEndpointException.class, () -> http.fetch(wrongSecret));
        assertEquals("the token endpoint refused it: HTTP 401 (invalid_client)", refused.clientReason());
        assertFalse(refused.getMessage().contains("nope"));
        assertTrue(http.fetch(req).accessToken().startsWith("cc-"));
    }

    @Test
    void aPassthroughHeaderThatABackendAlsoForwardsFailsItsCallAndOthersPass() {
        HeaderForwardEnricher enricher = new HeaderForwardEnricher(SECRETS);
        BackendSpec forwards = new BackendSpec("disc", URI.create("http://127.0.0.1:1/mcp"), BackendSpec.Transport.STREAMABLE_HTTP,
                null, Duration.ofSeconds(5), new HeaderForward(Map.of("X-Tenant-Id", "fixed"), Map.of()),
                AuthStrategy.UNAUTHENTICATED, null);
        Exchange ex = new DefaultExchange(CAMEL);
        ex.setProperty(Pipeline.BACKEND, forwards);
        ex.setProperty(Pipeline.PASSTHROUGH_HEADERS, Map.of("x-tenant-id", "acme"));
        BackendException e = assertThrows(BackendException.class, () -> enricher.process(ex));
        assertEquals("backend 'disc' cannot be called with passthrough header 'x-tenant-id': the backend's headerForward"
                + " sets it too; remove it from one of them", e.clientMessage());

        Exchange ok = new DefaultExchange(CAMEL);
        ok.setProperty(Pipeline.BACKEND, forwards);
        ok.setProperty(Pipeline.PASSTHROUGH_HEADERS, Map.of("X-Request-Tag", "t1"));
        ok.getMessage().setHeader("Mcp-Session-Id", "s-1");
        enricher.process(ok);
        assertEquals("t1", ok.getMessage().getHeader("X-Request-Tag"));
        assertEquals("fixed", ok.getMessage().getHeader("X-Tenant-Id"));
    }
}
