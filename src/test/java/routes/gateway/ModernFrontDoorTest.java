package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.demo.InputSchema;
import routes.demo.McpServerDefinition;
import routes.demo.ToolCallContext;
import routes.demo.ToolResult;
import routes.protocol.Json;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The front door for MCP 2026-07-28 (stateless) clients, over raw HTTP since no Java client speaks
 * that revision: no initialize and no session, every request checked against its {@code _meta}
 * and mirrored headers, server/discover, results in the revision's shape, subscriptions/listen.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModernFrontDoorTest {

    private static final String V = "2026-07-28";
    private static final String ACCEPT = "application/json, text/event-stream";
    /** Marks a row's params to be sent as they are, without the standard _meta. */
    private static final String AS_IS = "asIs";

    private static FixtureBackend backend;
    private static FixtureBackend late;
    private static GatewayHarness gateway;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        McpServerDefinition def = McpServerDefinition.builder("one")
                .tool("query", "Runs a query in a region", InputSchema.object().string("region", "where", true)
                                .string("sql", "what", true).build(),
                        (JsonNode args) -> ToolResult.text("ran in " + args.path("region").asText()))
                .tool("chatty", "Logs and reports progress", InputSchema.empty(), (JsonNode args, ToolCallContext context) -> {
                    context.progress(1, 2.0, "half");
                    context.log("info", "working");
                    return ToolResult.text("done");
                })
                .resource("one://doc", "doc", "text/plain", "hello")
                .prompt("brief", "A brief", List.of())
                .build();
        ((ObjectNode) def.tools().get(0).inputSchema().path("properties").path("region")).put("x-mcp-header", "Region");
        backend = FixtureBackend.builder("one").definition(def).start();
        late = FixtureBackend.builder("late").tools("added").start();
        gateway = GatewayHarness.start(config(false));
        // the default conflict strategy prefixes every name with its backend's
        await().atMost(Duration.ofSeconds(15)).until(() -> call("tools/list", Json.object(), Map.of()).body().contains("one_chatty"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        backend.close();
        late.close();
    }

    private static String config(boolean withLate) {
        String one = """
                name: modern
                backends:
                  - name: one
                    url: %s
                    transport: streamable-http
                """.formatted(backend.url());
        return withLate ? one + """
                  - name: late
                    url: %s
                    transport: streamable-http
                """.formatted(late.url()) : one;
    }

    @Test
    void discoverNamesVersionsCapabilitiesAndTheGatewayWithoutASession() throws Exception {
        HttpResponse<String> r = call("server/discover", Json.object(), Map.of());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Mcp-Session-Id").isEmpty(), "a stateless client gets no session");
        JsonNode result = Json.MAPPER.readTree(r.body()).path("result");
        assertEquals(List.of("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"), texts(result.path("supportedVersions")));
        assertTrue(result.path("capabilities").path("tools").path("listChanged").asBoolean());
        assertEquals("complete", result.path("resultType").asText());
        assertEquals("caravan", result.path("_meta").path("io.modelcontextprotocol/serverInfo").path("name").asText());
        assertEquals(60000, result.path("ttlMs").asLong());
        assertEquals("public", result.path("cacheScope").asText());
    }

    @Test
    void listsAndCallsWorkWithoutInitializeAndIgnoreAStaleSessionId() throws Exception {
        HttpResponse<String> list = call("tools/list", Json.object(), Map.of("Mcp-Session-Id", "deadbeef"));
        assertEquals(200, list.statusCode());
        assertTrue(list.headers().firstValue("Mcp-Session-Id").isEmpty());
        JsonNode result = Json.MAPPER.readTree(list.body()).path("result");
        assertEquals(List.of("one_chatty", "one_query"), texts(result.path("tools").findValues("name")).stream().sorted().toList());
        assertEquals("complete", result.path("resultType").asText());
        assertEquals("public", result.path("cacheScope").asText());

        ObjectNode params = Json.object().put("name", "one_query");
        params.putObject("arguments").put("region", "eu-west").put("sql", "select 1");
        HttpResponse<String> called = call("tools/call", params, Map.of("Mcp-Name", "one_query", "Mcp-Param-Region", "eu-west"));
        assertEquals(200, called.statusCode(), called.body());
        JsonNode answer = Json.MAPPER.readTree(called.body()).path("result");
        assertEquals("ran in eu-west", answer.path("content").path(0).path("text").asText());
        assertEquals("complete", answer.path("resultType").asText());
        assertFalse(answer.has("ttlMs"), "a tool result is not cacheable");
        // the client-describing _meta is the front door's business, not the backend's
        String sent = backend.lastRequest("tools/call").body();
        assertFalse(sent.contains("io.modelcontextprotocol/protocolVersion") || sent.contains("io.modelcontextprotocol/clientInfo"), sent);

        JsonNode read = Json.MAPPER.readTree(call("resources/read", Json.object().put("uri", "one://doc"),
                Map.of("Mcp-Name", "one://doc")).body()).path("result");
        assertEquals("hello", read.path("contents").path(0).path("text").asText());
        assertEquals("private", read.path("cacheScope").asText());
        assertEquals(0, read.path("ttlMs").asLong());
    }

    @Test
    void aNameOutsideTheHeaderCharactersArrivesBase64Encoded() throws Exception {
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("one://doc".getBytes(StandardCharsets.UTF_8)) + "?=";
        HttpResponse<String> r = call("resources/read", Json.object().put("uri", "one://doc"), Map.of("Mcp-Name", encoded));
        assertEquals(200, r.statusCode(), r.body());
    }

    static Stream<Arguments> rejections() {
        ObjectNode noMeta = Json.object().put(AS_IS, true);
        ObjectNode query = Json.object().put("name", "one_query");
        query.putObject("arguments").put("region", "eu-west").put("sql", "select 1");
        ObjectNode missingResource = Json.object().put("uri", "nope://x");
        return Stream.of(
                // name, method, params (the standard _meta is added unless they are marked AS_IS),
                // extra headers (a null value removes the header), HTTP status, JSON-RPC code
                Arguments.of("no _meta", "tools/list", noMeta, Map.of(), 400, -32602),
                Arguments.of("_meta without clientCapabilities", "tools/list",
                        meta(Map.of("io.modelcontextprotocol/protocolVersion", V)).put(AS_IS, true), Map.of(), 400, -32602),
                Arguments.of("Mcp-Method differs from the body", "tools/list", null, Map.of("Mcp-Method", "prompts/list"), 400, -32020),
                Arguments.of("Mcp-Method missing", "tools/list", null, nulls("Mcp-Method"), 400, -32020),
                Arguments.of("Mcp-Method in other case", "tools/list", null, Map.of("Mcp-Method", "TOOLS/LIST"), 400, -32020),
                Arguments.of("Mcp-Name differs from the body", "tools/call", query,
                        Map.of("Mcp-Name", "other", "Mcp-Param-Region", "eu-west"), 400, -32020),
                Arguments.of("Mcp-Name missing", "tools/call", query, Map.of("Mcp-Param-Region", "eu-west"), 400, -32020),
                Arguments.of("Mcp-Param missing for a marked argument", "tools/call", query, Map.of("Mcp-Name", "one_query"), 400, -32020),
                Arguments.of("Mcp-Param differs from the argument", "tools/call", query,
                        Map.of("Mcp-Name", "one_query", "Mcp-Param-Region", "us-east"), 400, -32020),
                Arguments.of("Mcp-Param with broken Base64", "tools/call", query,
                        Map.of("Mcp-Name", "one_query", "Mcp-Param-Region", "=?base64?ZXUtd2VzdA?="), 400, -32020),
                Arguments.of("header version differs from _meta", "tools/list", null, Map.of("MCP-Protocol-Version", "2025-11-25"), 400, -32020),
                Arguments.of("version header missing", "tools/list", null, nulls("MCP-Protocol-Version"), 400, -32020),
                Arguments.of("unknown version", "tools/list", version("2099-01-01"),
                        Map.of("MCP-Protocol-Version", "2099-01-01"), 400, -32022),
                Arguments.of("initialize (removed)", "initialize", null, Map.of(), 404, -32601),
                Arguments.of("ping (removed)", "ping", null, Map.of(), 404, -32601),
                Arguments.of("logging/setLevel (removed)", "logging/setLevel", null, Map.of(), 404, -32601),
                Arguments.of("resources/subscribe (removed)", "resources/subscribe", null, Map.of(), 404, -32601),
                Arguments.of("unknown method", "no/such/method", null, Map.of(), 404, -32601),
                Arguments.of("unknown tool", "tools/call", Json.object().put("name", "nope"), Map.of("Mcp-Name", "nope"), 200, -32602),
                Arguments.of("unknown resource", "resources/read", missingResource, Map.of("Mcp-Name", "nope://x"), 200, -32602));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void badRequestsGetTheRevisionsErrorWithTheirId(String name, String method, ObjectNode params, Map<String, String> headers,
                                                     int status, int code) throws Exception {
        ObjectNode p = params == null ? Json.object() : params.deepCopy();
        boolean asIs = p.remove(AS_IS) != null;
        HttpResponse<String> r = asIs ? raw(method, p, headers, "r-" + name.hashCode()) : call(method, p, headers);
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertEquals(code, body.path("error").path("code").asInt(), r.body());
        assertFalse(body.path("id").isNull(), "a readable request's id comes back: " + r.body());
        assertTrue(r.headers().firstValue("Mcp-Session-Id").isEmpty());
        if (code == -32022) {
            assertEquals("2099-01-01", body.path("error").path("data").path("requested").asText());
            assertTrue(texts(body.path("error").path("data").path("supported")).contains(V));
        }
        if ("unknown resource".equals(name)) {
            assertEquals("nope://x", body.path("error").path("data").path("uri").asText());
        }
    }

    @Test
    void getAndDeleteAreNotPartOfTheRevision() throws Exception {
        assertEquals(405, gateway.send("GET", Map.of("Accept", "text/event-stream", "MCP-Protocol-Version", V)).statusCode());
        assertEquals(405, gateway.send("DELETE", Map.of("MCP-Protocol-Version", V)).statusCode());
    }

    @Test
    void logMessagesOnlyWhenTheRequestAsksForThem() throws Exception {
        ObjectNode params = Json.object().put("name", "one_chatty");
        params.putObject("_meta").put("progressToken", "p1");
        List<JsonNode> quiet = events(call("tools/call", params, Map.of("Mcp-Name", "one_chatty")));
        assertTrue(quiet.stream().anyMatch(e -> "notifications/progress".equals(e.path("method").asText())), quiet.toString());
        assertTrue(quiet.stream().noneMatch(e -> "notifications/message".equals(e.path("method").asText())), quiet.toString());
        assertEquals("complete", quiet.get(quiet.size() - 1).path("result").path("resultType").asText());

        ObjectNode loud = params.deepCopy();
        ((ObjectNode) loud.get("_meta")).put("io.modelcontextprotocol/logLevel", "debug");
        List<JsonNode> logged = events(call("tools/call", loud, Map.of("Mcp-Name", "one_chatty")));
        assertTrue(logged.stream().anyMatch(e -> "notifications/message".equals(e.path("method").asText())), logged.toString());
    }

    @Test
    @Order(Integer.MAX_VALUE) // it adds a backend, which prefixes every tool name the other tests call
    void listenStreamsCarryTheListChangesEachClientAskedFor() throws Exception {
        LinkedBlockingQueue<JsonNode> tools = listen("L-tools", "toolsListChanged");
        LinkedBlockingQueue<JsonNode> prompts = listen("L-prompts", "promptsListChanged");
        JsonNode ack = tools.poll(10, TimeUnit.SECONDS);
        assertNotNull(ack);
        assertEquals("notifications/subscriptions/acknowledged", ack.path("method").asText());
        assertTrue(ack.path("params").path("notifications").path("toolsListChanged").asBoolean());
        assertEquals("L-tools", ack.path("params").path("_meta").path("io.modelcontextprotocol/subscriptionId").asText());
        assertNotNull(prompts.poll(10, TimeUnit.SECONDS));

        gateway.rewriteConfig(config(true)); // a backend with one more tool and no prompts
        JsonNode changed = tools.poll(20, TimeUnit.SECONDS);
        assertNotNull(changed, "the tools listener hears the change");
        assertEquals("notifications/tools/list_changed", changed.path("method").asText());
        assertEquals("L-tools", changed.path("params").path("_meta").path("io.modelcontextprotocol/subscriptionId").asText());
        assertNull(prompts.poll(1, TimeUnit.SECONDS), "a prompts-only listener hears nothing of tools");
    }

    /** Opens a subscriptions/listen stream; its events arrive in the queue. */
    private static LinkedBlockingQueue<JsonNode> listen(String id, String filter) {
        return ModernHttp.listen(gateway.mcpUrl(), id, filter);
    }

    private static List<JsonNode> events(HttpResponse<String> r) throws Exception {
        return ModernHttp.events(r);
    }

    /** A well-formed 2026-07-28 request: _meta added, mirrored headers set, then the extra headers applied. */
    private static HttpResponse<String> call(String method, ObjectNode params, Map<String, String> extra) throws Exception {
        return raw(method, withMeta(params), extra, method + "-" + System.nanoTime());
    }

    private static HttpResponse<String> raw(String method, ObjectNode params, Map<String, String> extra, String id) throws Exception {
        return http.send(request(method, params, extra, Json.MAPPER.getNodeFactory().textNode(id)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String method, ObjectNode params, Map<String, String> extra, JsonNode id) {
        return ModernHttp.request(gateway.mcpUrl(), method, params, extra, id);
    }

    private static ObjectNode withMeta(ObjectNode params) {
        return ModernHttp.withMeta(params, Json.object());
    }

    private static ObjectNode meta(Map<String, String> fields) {
        ObjectNode p = Json.object();
        ObjectNode m = p.putObject("_meta");
        fields.forEach(m::put);
        return p;
    }

    /** Params whose _meta names this version (the rest of the standard _meta is added). */
    private static ObjectNode version(String v) {
        ObjectNode p = Json.object();
        p.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", v);
        return p;
    }

    private static Map<String, String> nulls(String header) {
        Map<String, String> m = new HashMap<>();
        m.put(header, null);
        return m;
    }

    private static List<String> texts(Object nodes) {
        List<String> out = new ArrayList<>();
        Iterator<JsonNode> it = nodes instanceof JsonNode n ? n.elements() : ((List<JsonNode>) nodes).iterator();
        it.forEachRemaining(n -> out.add(n.asText()));
        return out;
    }
}
