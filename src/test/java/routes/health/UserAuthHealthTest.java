package routes.health;

import org.junit.jupiter.api.Test;
import routes.kernel.AuthStrategy;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.HeaderForward;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backend that answers the gateway's user-less probe with 401 is unauthenticated; it stays
 * routed when its strategy acts for users (their calls carry a token), and is withheld otherwise.
 */
class UserAuthHealthTest {

    private static BackendSpec spec(AuthStrategy auth) {
        return new BackendSpec("b", URI.create("http://127.0.0.1:1/mcp"), BackendSpec.Transport.STREAMABLE_HTTP, null,
                Duration.ofSeconds(5), HeaderForward.NONE, auth, null);
    }

    private static final BackendHealth UNAUTHENTICATED = new BackendHealth("b", HealthStatus.UNAUTHENTICATED, 1,
            "answered HTTP 401", Instant.EPOCH, Duration.ofMillis(3), "disabled");

    @Test
    void unauthenticatedStaysRoutedOnlyForAStrategyThatActsForUsers() {
        var exchange = new AuthStrategy.TokenExchange(URI.create("https://idp/t"), null, null, null, null);
        assertTrue(HealthState.routable(UNAUTHENTICATED, spec(exchange)));
        assertFalse(HealthState.routable(UNAUTHENTICATED, spec(AuthStrategy.UNAUTHENTICATED)));
        assertFalse(HealthState.routable(UNAUTHENTICATED, null));

        HealthSnapshot routed = HealthSnapshot.of(true, List.of(UNAUTHENTICATED),
                h -> HealthState.routable(h, spec(exchange)));
        assertEquals(GatewayPhase.DEGRADED, routed.phase());
        assertEquals("1 of 1 backend(s) routable", routed.message());
        assertEquals(GatewayPhase.FAILED, HealthSnapshot.of(true, List.of(UNAUTHENTICATED)).phase());
    }

    @Test
    void theProbeSaysWhyAndHowToGiveTheGatewayCredentials() {
        var exchange = new AuthStrategy.TokenExchange(URI.create("https://idp/t"), null, null, null, null);
        var e = new BackendException("b", "answered HTTP 401", 401, null, null);
        ProbeVerdict v = ProbeClassifier.classify(spec(exchange), e, Duration.ofMillis(5), Duration.ofSeconds(5),
                exchange.forGateway().sendsCredentials(), Instant.EPOCH);
        assertEquals(HealthStatus.UNAUTHENTICATED, v.status());
        assertEquals("answered HTTP 401 to the probe, which has no user token to exchange (give its token_exchange a client"
                + " secret for the gateway's own calls); users' calls still go to it", v.reason());
    }
}
