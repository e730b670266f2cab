package routes.auth;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import routes.kernel.CallerIdentity;
import routes.testing.OidcProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A JWT verified once is not checked again, but its expiry still is, on every use. */
class VerifiedTokenCacheTest {

    @Test
    void aKeptTokenStillExpires() throws Exception {
        try (OidcProvider idp = OidcProvider.start(); DefaultCamelContext camel = new DefaultCamelContext()) {
            OidcSettings s = new OidcSettings(idp.issuer(), List.of("gw"), null, null, null, null, null, List.of(), true, true,
                    null, Duration.ofSeconds(2), Duration.ZERO);
            IncomingAuth auth = new IncomingAuth(s, ApiKeys.NONE, null);
            String token = idp.rsaToken("alice", "gw", b -> b.expirationTime(Date.from(Instant.now().plusSeconds(2))));
            CallerIdentity first = call(camel, auth, token, "00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb-01").getProperty(
                    CallerIdentity.PROPERTY, CallerIdentity.class);
            CallerIdentity second = call(camel, auth, token, "00-cccccccccccccccccccccccccccccccc-dddddddddddddddd-01")
                    .getProperty(CallerIdentity.PROPERTY, CallerIdentity.class);
            assertEquals("alice", second.subject());
            assertEquals(first.principal(), second.principal());
            assertEquals("00-cccccccccccccccccccccccccccccccc-dddddddddddddddd-01", second.traceparent(),
                    "each request keeps its own trace");
            assertEquals(token, second.credential().reveal());
            Thread.sleep(3100);
            Exchange late = call(camel, auth, token, null);
            assertNull(late.getProperty(CallerIdentity.PROPERTY));
            assertEquals(401, late.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        }
    }

    private static Exchange call(DefaultCamelContext camel, IncomingAuth auth, String token, String traceparent) {
        Exchange ex = new DefaultExchange(camel);
        ex.getMessage().setHeader("Authorization", "Bearer " + token);
        if (traceparent != null) {
            ex.getMessage().setHeader("traceparent", traceparent);
        }
        auth.process(ex);
        return ex;
    }
}
