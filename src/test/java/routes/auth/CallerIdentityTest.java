package routes.auth;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import routes.kernel.CallerIdentity;
import routes.kernel.Credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallerIdentityTest {

    @Test
    void aCredentialIsKeptButNeverPrinted() {
        CallerIdentity caller = new CallerIdentity("alice", CallerIdentity.Kind.AUTHENTICATED, "00-abc-def-01", null,
                new Credential("Bearer", "eyJ.secret.token"));
        assertEquals("eyJ.secret.token", caller.credential().reveal());
        assertFalse(caller.toString().contains("eyJ.secret.token"), caller.toString());
        assertTrue(caller.toString().contains("Bearer [redacted]"), caller.toString());
        assertFalse(caller.withoutTrace().toString().contains("secret"));
    }

    @Test
    void aSessionIsBoundToIssuerAndSubjectAndClaimsReadAsLists() {
        CallerIdentity alice = new CallerIdentity("alice", CallerIdentity.Kind.AUTHENTICATED, null, null, null,
                "https://idp.example", java.util.Map.of("groups", java.util.List.of("eng", "ops"), "scope", "mcp:read  mcp:call"));
        CallerIdentity otherIssuer = new CallerIdentity("alice", CallerIdentity.Kind.AUTHENTICATED, null, null, null,
                "https://other.example", java.util.Map.of());
        assertNotEquals(alice.principal(), otherIssuer.principal());
        assertEquals(alice.principal(), alice.withoutTrace().principal());
        assertEquals(CallerIdentity.anonymous("00-a-b-01", null).principal(), CallerIdentity.anonymous(null, null).principal());
        assertEquals(java.util.List.of("eng", "ops"), alice.claimValues("groups"));
        assertEquals(java.util.List.of("mcp:read", "mcp:call"), alice.claimValues("scope"));
        assertEquals(java.util.List.of(), alice.claimValues("roles"));
    }

    @Test
    void theGatewayHasAnIdentityOfItsOwn() {
        assertTrue(CallerIdentity.GATEWAY.isGateway());
        assertFalse(CallerIdentity.anonymous(null, null).isGateway());
        assertNotEquals(CallerIdentity.GATEWAY.subject(), CallerIdentity.anonymous(null, null).subject());
        assertSame(CallerIdentity.GATEWAY, CallerIdentity.GATEWAY.withoutTrace());
    }

    @Test
    void incomingAuthDecidesTheCallerAndTakesTheClientsCredentialsOffTheMessage() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("Authorization", "Bearer client-token");
        exchange.getMessage().setHeader("Cookie", "sid=1");
        exchange.getMessage().setHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        new IncomingAuth().process(exchange);

        CallerIdentity caller = exchange.getProperty(CallerIdentity.PROPERTY, CallerIdentity.class);
        assertEquals("anonymous", caller.subject());
        assertEquals(CallerIdentity.Kind.ANONYMOUS, caller.kind());
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", caller.traceparent());
        assertNull(caller.credential(), "anonymous access keeps no credential");
        assertNull(exchange.getMessage().getHeader("Authorization"));
        assertNull(exchange.getMessage().getHeader("Cookie"));
    }
}
