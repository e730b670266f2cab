package routes.kernel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import routes.secrets.SecretRef;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Each strategy: whether it needs a user, what the gateway's own traffic uses instead, and that it never prints a secret. */
class AuthStrategyTest {

    private static final URI TOKEN_URL = URI.create("https://idp.example.com/token");
    private static final AuthStrategy.OAuthClient WITH_SECRET = new AuthStrategy.OAuthClient("gw", "s3cret-literal", null);
    private static final AuthStrategy.OAuthClient WITH_REF = new AuthStrategy.OAuthClient("gw", null, new SecretRef.Variable("GW_SECRET"));
    private static final AuthStrategy.OAuthClient ID_ONLY = new AuthStrategy.OAuthClient("gw", null, null);

    static Stream<Arguments> strategies() {
        var exchange = new AuthStrategy.TokenExchange(TOKEN_URL, WITH_SECRET, "api", List.of("a"), null);
        return Stream.of(
                Arguments.of("unauthenticated", AuthStrategy.UNAUTHENTICATED, false, AuthStrategy.UNAUTHENTICATED),
                Arguments.of("header injection", new AuthStrategy.HeaderInjection("X-Key", "s3cret-literal", null), false,
                        new AuthStrategy.HeaderInjection("X-Key", "s3cret-literal", null)),
                Arguments.of("token exchange with a secret: client credentials for the gateway", exchange, true,
                        new AuthStrategy.ClientCredentials(TOKEN_URL, WITH_SECRET, "api", List.of("a"))),
                Arguments.of("token exchange with a secret reference", new AuthStrategy.TokenExchange(TOKEN_URL, WITH_REF, null,
                        null, null), true, new AuthStrategy.ClientCredentials(TOKEN_URL, WITH_REF, null, List.of())),
                Arguments.of("token exchange with a client id only: nothing for the gateway",
                        new AuthStrategy.TokenExchange(TOKEN_URL, ID_ONLY, null, null, null), true, AuthStrategy.UNAUTHENTICATED),
                Arguments.of("token exchange without a client: nothing for the gateway",
                        new AuthStrategy.TokenExchange(TOKEN_URL, null, null, null, null), true, AuthStrategy.UNAUTHENTICATED),
                Arguments.of("client credentials", new AuthStrategy.ClientCredentials(TOKEN_URL, WITH_SECRET, null, null), false,
                        new AuthStrategy.ClientCredentials(TOKEN_URL, WITH_SECRET, null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void userNeedsAndTheGatewaysForm(String name, AuthStrategy strategy, boolean needsUser, AuthStrategy forGateway) {
        assertEquals(needsUser, strategy.needsUser());
        assertEquals(forGateway, strategy.forGateway());
        assertFalse(strategy.forGateway().needsUser(), "the gateway's form never needs a user");
        assertFalse(strategy.toString().contains("s3cret-literal"), strategy::toString);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "null, urn:ietf:params:oauth:token-type:access_token",
            "'', urn:ietf:params:oauth:token-type:access_token",
            "access_token, urn:ietf:params:oauth:token-type:access_token",
            "id_token, urn:ietf:params:oauth:token-type:id_token",
            "jwt, urn:ietf:params:oauth:token-type:jwt",
            "urn:ietf:params:oauth:token-type:jwt, urn:ietf:params:oauth:token-type:jwt",
            "saml2, null",
            "ACCESS_TOKEN, null",
    })
    void toolHivesShortTokenTypesBecomeUrns(String given, String urn) {
        assertEquals(urn, AuthStrategy.TokenExchange.tokenTypeUrn(given));
    }
}
