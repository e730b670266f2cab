package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.protocol.Json;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bad requests, one row each: what is sent, and the exact HTTP status and JSON-RPC code that come
 * back. After every row the session still works.
 */
class BadRequestTest {

    private static FixtureBackend backend;
    private static GatewayHarness gateway;
    private static McpHttpSession session;
    private static McpHttpSession legacy;

    private static final String SESSION = "<session>";
    private static final String LEGACY_SESSION = "<2025-03-26 session>";

    @BeforeAll
    static void start() throws Exception {
        backend = FixtureBackend.builder("one").tools("search").resources("one://doc").prompts("brief").start();
        gateway = GatewayHarness.start("""
                name: bad-requests
                backends:
                  - name: one
                    url: %s
                    transport: streamable-http
                """.formatted(backend.url()), Map.of("camel.server.max-body-size", "65536"));
        session = McpHttpSession.open(gateway);
        legacy = McpHttpSession.open(gateway, "2025-03-26");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> session.call("tools/list", null).path("result").path("tools").size() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        backend.close();
    }

    static Stream<Arguments> rows() {
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(70_000) + "\"}}";
        return Stream.of(
                // name, body, session, extra headers, HTTP status, JSON-RPC code (0: none checked)
                Arguments.of("malformed JSON", "{\"jsonrpc\":", SESSION, Map.of(), 400, -32700),
                Arguments.of("not JSON-RPC 2.0", "{\"id\":1,\"method\":\"ping\"}", SESSION, Map.of(), 400, -32600),
                Arguments.of("id of a wrong type", "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", SESSION, Map.of(), 400, -32600),
                Arguments.of("unknown method", req("no/such/method", "{}"), SESSION, Map.of(), 200, -32601),
                Arguments.of("unknown tool", req("tools/call", "{\"name\":\"nope\"}"), SESSION, Map.of(), 200, -32602),
                Arguments.of("tool call without name", req("tools/call", "{}"), SESSION, Map.of(), 200, -32602),
                Arguments.of("unknown prompt", req("prompts/get", "{\"name\":\"nope\"}"), SESSION, Map.of(), 200, -32602),
                Arguments.of("unknown resource", req("resources/read", "{\"uri\":\"nope://x\"}"), SESSION, Map.of(), 200, -32002),
                Arguments.of("bad cursor", req("tools/list", "{\"cursor\":\"garbage!\"}"), SESSION, Map.of(), 200, -32602),
                Arguments.of("bad log level", req("logging/setLevel", "{\"level\":\"loud\"}"), SESSION, Map.of(), 200, -32602),
                Arguments.of("foreign Origin", req("ping", null), SESSION, Map.of("Origin", "http://evil.example.com"), 403, -32600),
                Arguments.of("missing session", req("ping", null), null, Map.of(), 400, -32600),
                Arguments.of("unknown session", req("ping", null), "deadbeef", Map.of(), 404, -32600),
                Arguments.of("unsupported protocol version", req("ping", null), SESSION,
                        Map.of("MCP-Protocol-Version", "1999-01-01"), 400, -32600),
                Arguments.of("wrong content type", req("ping", null), SESSION, Map.of("Content-Type", "text/plain"), 415, -32600),
                Arguments.of("accepts neither JSON nor SSE", req("ping", null), SESSION, Map.of("Accept", "text/html"), 406, -32600),
                Arguments.of("oversize body", big, SESSION, Map.of(), 413, 0),
                Arguments.of("batch in 2025-11-25", "[" + req("ping", null) + "]", SESSION, Map.of(), 400, -32600),
                Arguments.of("empty batch", "[]", LEGACY_SESSION, Map.of(), 400, -32600),
                Arguments.of("initialize inside a batch", "[" + req("initialize", "{\"protocolVersion\":\"2025-03-26\"}") + "]",
                        LEGACY_SESSION, Map.of(), 400, -32600));
    }

    private static JsonNode readable(String body) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String req(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void answersWithTheExactStatusAndCode(String name, String body, String sessionRef, Map<String, String> extra,
                                          int status, int code) throws Exception {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json",
                "Accept", McpHttpSession.ACCEPT, "MCP-Protocol-Version", "2025-11-25"));
        if (SESSION.equals(sessionRef)) {
            headers.put("Mcp-Session-Id", session.id);
        } else if (LEGACY_SESSION.equals(sessionRef)) {
            headers.put("Mcp-Session-Id", legacy.id);
            headers.put("MCP-Protocol-Version", "2025-03-26");
        } else if (sessionRef != null) {
            headers.put("Mcp-Session-Id", sessionRef);
        }
        headers.putAll(extra);
        HttpResponse<String> r = gateway.post(body, headers);
        assertEquals(status, r.statusCode(), name + ": " + r.body());
        if (code != 0) {
            JsonNode reply = McpHttpSession.responseOf(r);
            assertEquals(code, reply.path("error").path("code").asInt(), name + ": " + r.body());
            // the request's id whenever its body was read and the id is one JSON-RPC allows
            JsonNode sent = readable(body);
            if (sent != null && sent.path("id").isIntegralNumber() && !List.of(403, 406, 415).contains(status)) {
                assertEquals(sent.get("id"), reply.get("id"), name + ": " + r.body());
            }
        }
        // nothing a client sends breaks its session
        assertEquals("{}", Json.text(session.call("ping", null).path("result")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("batches")
    void batchIsAnsweredInOneArrayFor20250326(String name, String body, int replies) throws Exception {
        HttpResponse<String> r = legacy.post(body, Map.of("MCP-Protocol-Version", "2025-03-26"));
        if (replies == 0) {
            assertEquals(202, r.statusCode(), r.body());
        } else {
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(replies, Json.MAPPER.readTree(r.body()).size(), r.body());
        }
    }

    static Stream<Arguments> batches() {
        return Stream.of(
                Arguments.of("two requests", "[" + req("ping", null) + "," + req("tools/list", null).replace("\"id\":7", "\"id\":8") + "]", 2),
                Arguments.of("request and notification", "[" + req("ping", null) + ",{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\"}]", 1),
                Arguments.of("only notifications", "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\"}]", 0));
    }
}
