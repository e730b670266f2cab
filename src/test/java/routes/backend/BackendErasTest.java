package routes.backend;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.protocol.Json;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a backend's answer to the modern-first server/discover probe says about its era, one row per answer. */
class BackendErasTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            discover result with 2026-07-28   | 200 | {"jsonrpc":"2.0","id":0,"result":{"resultType":"complete","supportedVersions":["2026-07-28"],"capabilities":{}}} | true
            discover result, newer only       | 200 | {"jsonrpc":"2.0","id":0,"result":{"supportedVersions":["2099-01-01"],"capabilities":{}}}                      | false
            -32022 naming 2026-07-28          | 400 | {"jsonrpc":"2.0","id":0,"error":{"code":-32022,"message":"x","data":{"supported":["2026-07-28","2025-11-25"]}}} | true
            -32022 naming legacy only         | 400 | {"jsonrpc":"2.0","id":0,"error":{"code":-32022,"message":"x","data":{"supported":["2025-11-25"]}}}             | false
            legacy 400 for the missing session| 400 | {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Bad Request: Mcp-Session-Id header is required"}} | false
            legacy method not found           | 200 | {"jsonrpc":"2.0","id":0,"error":{"code":-32601,"message":"Method not found"}}                                  | false
            404 without a body                | 404 | -                                                                                                               | false
            405 without a body                | 405 | -                                                                                                               | false
            """)
    void probeAnswers(String name, int status, String body, boolean modern) throws Exception {
        BackendReply reply = new BackendReply(status, null, null, body == null ? null : Json.MAPPER.readTree(body));
        assertEquals(modern, BackendEras.judge(reply).modern());
    }
}
