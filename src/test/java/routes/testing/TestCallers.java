package routes.testing;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import routes.kernel.CallerIdentity;

import java.util.Map;

/**
 * A stand-in incoming-auth step for tests that need several callers: the header
 * {@value #HEADER} names the caller (an authenticated subject of {@value #ISSUER}); without it
 * the caller is anonymous. Used by an {@code incoming-auth.yaml} override (users replace any
 * route by a YAML file of the same name); like the real step it takes the client's credentials
 * off the message.
 */
public final class TestCallers {

    public static final String HEADER = "X-Test-User";
    public static final String ISSUER = "https://issuer.test";

    /** The override route, for a test's override folder. */
    public static final String ROUTE = """
            - route:
                id: incoming-auth
                from:
                  uri: "direct:incoming-auth"
                  steps:
                    - bean:
                        beanType: routes.testing.TestCallers
                        method: identify
            """;

    public void identify(Exchange exchange) {
        Message m = exchange.getMessage();
        String user = m.getHeader(HEADER, String.class);
        m.removeHeader("Authorization");
        m.removeHeader("Cookie");
        m.removeHeader(HEADER);
        exchange.setProperty(CallerIdentity.PROPERTY, user == null || user.isBlank()
                ? CallerIdentity.anonymous(null, null)
                : new CallerIdentity(user, CallerIdentity.Kind.AUTHENTICATED, null, null, null, ISSUER,
                        Map.of("name", "User " + user)));
    }
}
