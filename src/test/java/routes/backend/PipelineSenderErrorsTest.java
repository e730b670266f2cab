package routes.backend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.kernel.BackendException;
import routes.kernel.BackendSpec;
import routes.kernel.FailureCategory;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failed backend call as a client and as the log see it: the category and the name for both, where only for the log. */
class PipelineSenderErrorsTest {

    private static final BackendSpec SPEC = new BackendSpec("tools", URI.create("https://no-such-host.invalid:8443/mcp"),
            BackendSpec.Transport.STREAMABLE_HTTP, null, Duration.ofSeconds(5));

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new ConnectException("Connection refused"), FailureCategory.CONNECTION,
                        "backend 'tools' is unreachable (connection refused or reset)"),
                Arguments.of(new UnknownHostException("no-such-host.invalid"), FailureCategory.DNS,
                        "backend 'tools' is unreachable (its host name does not resolve)"),
                Arguments.of(new SocketTimeoutException("Read timed out"), FailureCategory.TIMEOUT,
                        "backend 'tools' did not answer within 5000 ms"),
                Arguments.of(new SSLHandshakeException("PKIX path building failed for no-such-host.invalid"), FailureCategory.TLS,
                        "backend 'tools' could not be reached over TLS"),
                Arguments.of(new IllegalStateException("pool for https://no-such-host.invalid:8443 closed"), FailureCategory.UNKNOWN,
                        "backend 'tools' could not be called (IllegalStateException)"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void theClientLearnsWhatButNotWhere(Throwable cause, FailureCategory category, String clientMessage) {
        BackendException e = (BackendException) PipelineSender.translate(SPEC, cause);
        assertEquals(category, e.category());
        assertEquals(clientMessage, e.clientMessage());
        assertFalse(e.clientMessage().contains("no-such-host") || e.clientMessage().contains("8443"), e.clientMessage());
        assertTrue(e.getMessage().startsWith("backend 'tools' "), e.getMessage());
    }
}
