package routes.kernel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A URL that reaches a failure's reason anyway never reaches a client; the log's message keeps it. */
class BackendExceptionTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "redirected to http://10.0.0.7:8080/x?sig=1           | redirected to (URL withheld)",
            "answered HTTP 502 from https://gw.internal/mcp.      | answered HTTP 502 from (URL withheld).",
            "said 'see ftp://files.internal/a, then retry'        | said 'see (URL withheld), then retry'",
            "answered with malformed JSON                         | answered with malformed JSON",
    })
    void clientMessagesCarryNoUrl(String reason, String shown) {
        BackendException e = new BackendException("far", reason.strip());
        assertEquals("backend 'far' " + shown.strip(), e.clientMessage());
        assertTrue(e.getMessage().endsWith(reason.strip()), e.getMessage());
    }
}
