package routes.backend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.FailureCategory;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a failed backend request becomes, one row per failure: the client's message names the
 * backend and what happened, never the URL, host or port; the log's message keeps them.
 */
class FailureTranslationTest {

    private static final BackendSpec SPEC = new BackendSpec("far", URI.create("https://no-such-host.invalid:4711/mcp"),
            BackendSpec.Transport.STREAMABLE_HTTP, null, Duration.ofSeconds(3));

    static Stream<Arguments> failures() {
        return Stream.of(
                // failure, category, client message, what the log keeps
                Arguments.of(new ConnectException("Connection refused"), FailureCategory.CONNECTION_REFUSED,
                        "backend 'far' is unreachable (connection refused)", "https://no-such-host.invalid:4711/mcp"),
                Arguments.of(new UnknownHostException("no-such-host.invalid: Name or service not known"),
                        FailureCategory.UNKNOWN_HOST, "backend 'far' is unreachable (its host name does not resolve)",
                        "host no-such-host.invalid is unknown"),
                Arguments.of(new SocketTimeoutException("Read timed out"), FailureCategory.TIMEOUT,
                        "backend 'far' did not answer within 3000 ms", "did not answer within 3000 ms"),
                Arguments.of(new SSLPeerUnverifiedException("Certificate for <no-such-host.invalid> doesn't match"),
                        FailureCategory.TLS, "backend 'far' TLS failed: the server's certificate does not name the backend's host",
                        "does not name host 'no-such-host.invalid'"),
                Arguments.of(new SSLException("Received fatal alert from no-such-host.invalid:4711"), FailureCategory.TLS,
                        "backend 'far' TLS failed: SSLException", "no-such-host.invalid:4711"),
                Arguments.of(new IllegalStateException("pool closed for https://no-such-host.invalid:4711/mcp"),
                        FailureCategory.OTHER, "backend 'far' request failed (IllegalStateException)",
                        "pool closed for https://no-such-host.invalid:4711/mcp"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("failures")
    void clientsSeeTheBackendAndTheCategoryNotTheAddress(Exception failure, FailureCategory category, String client,
                                                         String logged) {
        BackendException e = (BackendException) PipelineSender.translate(SPEC, new RuntimeException("wrapped", failure));
        assertEquals(category, e.category());
        assertEquals(client, e.clientMessage());
        for (String internal : new String[]{"no-such-host", "4711", "://"}) {
            assertFalse(e.clientMessage().contains(internal), e.clientMessage());
        }
        assertTrue(e.getMessage().contains(logged), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("publicReasons")
    void aUrlThatSlipsIntoAClientMessageIsWithheld(String reason, String shown) {
        assertEquals("backend 'far' " + shown, new BackendException("far", reason).clientMessage());
    }

    static Stream<Arguments> publicReasons() {
        return Stream.of(
                Arguments.of("redirected to http://10.0.0.7:8080/x?sig=1", "redirected to (URL withheld)"),
                Arguments.of("answered HTTP 502 from https://gw.internal/mcp.", "answered HTTP 502 from (URL withheld)."),
                Arguments.of("answered with malformed JSON", "answered with malformed JSON"));
    }
}
