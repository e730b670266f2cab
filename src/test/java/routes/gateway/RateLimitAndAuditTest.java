package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.HeaderCallers;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rateLimiting and audit through the gateway, over real HTTP to a real backend. Callers are told
 * apart by a test-only incoming-auth override (a header names the subject), as any route can be
 * replaced by a YAML file of the same name.
 */
class RateLimitAndAuditTest {

    private static final String BACKEND_SECRET = "sk-backend-secret-4711";
    private static final String CLIENT_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.client-token-signature";
    private static final AtomicInteger IDS = new AtomicInteger(1);

    private static FixtureBackend alpha;
    private static GatewayHarness gateway;
    private static Path overrides;
    private static Path auditFile;

    @BeforeAll
    static void start() throws Exception {
        alpha = FixtureBackend.builder("alpha").tools("echo", "limited", "whoami").start();
        overrides = Files.createTempDirectory("caravan-overrides");
        Files.writeString(overrides.resolve("incoming-auth.yaml"), HeaderCallers.ROUTE);
        auditFile = Files.createTempDirectory("caravan-audit").resolve("audit.log");
        gateway = GatewayHarness.start("""
                name: guarded
                backends:
                  - {name: alpha, url: %s, transport: streamable-http}
                outgoingAuth:
                  backends:
                    alpha: {type: header_injection, headerInjection: {headerName: X-Api-Key, headerValueEnv: ALPHA_KEY}}
                rateLimiting:
                  perUser: {maxTokens: 2, refillPeriod: 1h}
                  tools:
                    - name: alpha_limited
                      shared: {maxTokens: 1, refillPeriod: 1h}
                    - name: alpha_whoami
                      perUser: {maxTokens: 1, refillPeriod: 2s}
                audit:
                  component: guarded-gw
                  logFile: %s
                  includeRequestData: true
                  includeResponseData: true
                  maxDataSize: 700
                  excludeEventTypes: [mcp_ping]
                """.formatted(alpha.url(), auditFile), Map.of(
                "caravan.routes.override-dir", overrides.toString()), Map.of("ALPHA_KEY", BACKEND_SECRET));
        String s = open("warmup");
        await().atMost(Duration.ofSeconds(15)).until(() -> call(s, "warmup", "tools/list", "{}").path("result").path("tools").size() == 3);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        alpha.close();
        Files.deleteIfExists(overrides.resolve("incoming-auth.yaml"));
        Files.deleteIfExists(overrides);
    }

    @Test
    void aUserIsRefusedOnTheThirdCallWhileAnotherUserIsNot() throws Exception {
        String alice = open("alice");
        assertEquals(200, post(alice, "alice", "tools/call", "{\"name\":\"alpha_echo\",\"arguments\":{\"n\":1}}").statusCode());
        assertEquals(200, post(alice, "alice", "tools/call", "{\"name\":\"alpha_echo\",\"arguments\":{\"n\":2}}").statusCode());
        HttpResponse<String> third = post(alice, "alice", "tools/call", "{\"name\":\"alpha_echo\",\"arguments\":{\"n\":3}}");

        assertEquals(429, third.statusCode());
        long retryAfter = Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 1700 && retryAfter <= 1800, "1h / 2 tokens: about 30 min, was " + retryAfter);
        JsonNode error = McpHttpSession.responseOf(third).path("error");
        assertEquals(429, error.path("code").asInt());
        assertTrue(error.path("message").asText().startsWith("Rate limit exceeded"), error.toString());
        assertEquals(retryAfter, error.path("data").path("retryAfterSeconds").asLong());
        assertEquals("per_user", error.path("data").path("scope").asText());
        assertEquals(2, alpha.requests("tools/call").stream().filter(r -> r.body().contains("\"n\":")).count(),
                "the refused call never reached the backend");

        String bob = open("bob");
        JsonNode bobs = call(bob, "bob", "tools/call", "{\"name\":\"alpha_echo\",\"arguments\":{}}");
        assertFalse(bobs.has("error"), bobs.toString());

        String metrics = gateway.get(gateway.managementUrl() + "/observe/metrics").body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("caravan_rate_limited_total{")
                && l.contains("scope=\"per_user\"") && l.contains("tool=\"*\"")), metrics);
        assertFalse(metrics.contains("alice"), "a caller never labels a metric");
    }

    @Test
    void aToolsSharedLimitHoldsForEveryoneAndARefusalCostsNothingElse() throws Exception {
        String carol = open("carol");
        String dave = open("dave");
        assertFalse(call(carol, "carol", "tools/call", "{\"name\":\"alpha_limited\",\"arguments\":{}}").has("error"));
        HttpResponse<String> refused = post(dave, "dave", "tools/call", "{\"name\":\"alpha_limited\",\"arguments\":{}}");
        assertEquals(429, refused.statusCode());
        JsonNode data = McpHttpSession.responseOf(refused).path("error").path("data");
        assertEquals("shared", data.path("scope").asText());
        assertEquals("alpha_limited", data.path("tool").asText());
        // dave's own two calls are still there: the refusal took no token from his bucket
        assertFalse(call(dave, "dave", "tools/call", "{\"name\":\"alpha_echo\",\"arguments\":{}}").has("error"));
        assertFalse(call(dave, "dave", "tools/call", "{\"name\":\"alpha_echo\",\"arguments\":{}}").has("error"));
        assertEquals(429, post(dave, "dave", "tools/call", "{\"name\":\"alpha_echo\",\"arguments\":{}}").statusCode());
        String metrics = gateway.get(gateway.managementUrl() + "/observe/metrics").body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("caravan_rate_limited_total{")
                && l.contains("scope=\"shared\"") && l.contains("tool=\"alpha_limited\"")), metrics);
    }

    @Test
    void inABatchOnlyTheRefusedItemIsAnErrorAndTheReplyStaysHttp200() throws Exception {
        String judy = open("judy", "2025-03-26");
        String item = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"alpha_echo\",\"arguments\":{}}}";
        HttpResponse<String> r = gateway.post("[" + item.formatted(1) + "," + item.formatted(2) + "," + item.formatted(3) + "]",
                Map.of("Content-Type", "application/json", "Accept", McpHttpSession.ACCEPT, "Mcp-Session-Id", judy,
                        "MCP-Protocol-Version", "2025-03-26", HeaderCallers.HEADER, caller("judy")));
        assertEquals(200, r.statusCode());
        JsonNode replies = Json.MAPPER.readTree(r.body());
        assertEquals(3, replies.size(), r.body());
        long refused = 0;
        for (JsonNode reply : replies) {
            if (reply.path("error").path("code").asInt() == 429) {
                refused++;
                assertTrue(reply.path("error").path("data").path("retryAfterSeconds").asLong() > 0);
            } else {
                assertTrue(reply.path("result").isObject(), reply.toString());
            }
        }
        assertEquals(1, refused);
        assertTrue(r.headers().firstValue("Retry-After").isEmpty());
    }

    @Test
    void aBucketRefillsAfterItsPeriod() throws Exception {
        String erin = open("erin");
        assertFalse(call(erin, "erin", "tools/call", "{\"name\":\"alpha_whoami\",\"arguments\":{}}").has("error"));
        assertEquals(429, post(erin, "erin", "tools/call", "{\"name\":\"alpha_whoami\",\"arguments\":{}}").statusCode());
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                post(erin, "erin", "tools/call", "{\"name\":\"alpha_whoami\",\"arguments\":{}}").statusCode() == 200);
    }

    @Test
    void aStatelessClientIsLimitedAndAuditedToo() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(modernCall("frank", "alpha_echo").statusCode());
        }
        assertEquals(List.of(200, 200, 429), statuses);
        await().atMost(Duration.ofSeconds(5)).until(() -> events("frank", "mcp_tool_call").size() == 3);
        List<JsonNode> franks = events("frank", "mcp_tool_call");
        assertEquals(List.of("success", "success", "rate_limited"), franks.stream().map(e -> e.path("outcome").asText()).toList());
        assertEquals("2026-07-28", franks.get(0).path("metadata").path("extra").path("mcp_version").asText(""),
                franks.get(0).toString());
    }

    @Test
    void everyCallLeavesOneAuditLineAndNoSecret() throws Exception {
        String grace = open("grace");
        call(grace, "grace", "tools/call", "{\"name\":\"alpha_echo\",\"arguments\":{\"q\":\"weather\","
                + "\"note\":\"Bearer abcdefghijklmnopqrstuv\"}}", Map.of("Authorization", "Bearer " + CLIENT_TOKEN));
        call(grace, "grace", "tools/call", "{\"name\":\"alpha_echo\",\"arguments\":{\"big\":\"" + "y".repeat(1000) + "\"}}");
        call(grace, "grace", "tools/call", "{\"name\":\"alpha_echo\",\"arguments\":{}}"); // over grace's 2
        call(grace, "grace", "ping", null);
        call(grace, "grace", "resources/list", "{}");

        await().atMost(Duration.ofSeconds(5)).until(() -> events("grace", "mcp_tool_call").size() == 3);
        List<JsonNode> calls = events("grace", "mcp_tool_call");
        assertEquals(3, calls.size(), "one line per call");
        JsonNode first = calls.get(0);
        assertEquals("guarded-gw", first.path("component").asText());
        assertEquals("success", first.path("outcome").asText());
        assertEquals("grace", first.path("subjects").path("user_id").asText());
        assertEquals("User grace", first.path("subjects").path("user").asText());
        assertEquals(HeaderCallers.ISSUER, first.path("subjects").path("issuer").asText());
        assertEquals("test", first.path("subjects").path("client_name").asText());
        assertEquals("alpha_echo", first.path("target").path("name").asText());
        assertEquals("tools/call", first.path("target").path("method").asText());
        assertEquals("alpha", first.path("metadata").path("extra").path("backend_name").asText());
        assertTrue(first.path("metadata").path("extra").path("duration_ms").isIntegralNumber());
        assertEquals("127.0.0.1", first.path("source").path("value").asText());
        assertEquals(sha256Prefix(grace), first.path("source").path("extra").path("session_id_sha256").asText());
        assertEquals("weather", first.path("data").path("request").path("params").path("arguments").path("q").asText());
        assertTrue(first.path("data").path("response").path("result").isObject());
        // data over maxDataSize is left out, its size kept
        assertTrue(calls.get(1).path("data").path("request_omitted_bytes").asInt() > 1000, calls.get(1).toString());
        assertFalse(calls.get(1).path("data").has("request"));
        assertEquals("rate_limited", calls.get(2).path("outcome").asText());
        assertEquals(429, calls.get(2).path("metadata").path("extra").path("jsonrpc_error_code").asInt());
        assertFalse(calls.get(2).path("metadata").path("extra").has("backend_name"), "it never reached a backend");
        assertEquals(1, events("grace", "mcp_initialize").size());
        assertEquals(1, events("grace", "mcp_resources_list").size());
        assertEquals(0, events("grace", "mcp_ping").size(), "excludeEventTypes");

        // the backend got the injected secret; the audit log never sees it, the client's token or the session id
        assertTrue(alpha.lastRequest("tools/call").headers().toString().contains(BACKEND_SECRET));
        String log = Files.readString(auditFile);
        for (String secret : List.of(BACKEND_SECRET, CLIENT_TOKEN, "abcdefghijklmnopqrstuv", grace)) {
            assertFalse(log.contains(secret), "the audit log holds " + secret);
        }
    }

    @Test
    void anUnknownToolIsAnApplicationErrorAndABackendFailureAnError() throws Exception {
        String ivan = open("ivan");
        call(ivan, "ivan", "tools/call", "{\"name\":\"alpha_nope\",\"arguments\":{}}");
        call(ivan, "ivan", "resources/read", "{\"uri\":\"nowhere://x\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> events("ivan", "mcp_resource_read").size() == 1);
        JsonNode unknown = events("ivan", "mcp_tool_call").get(0);
        assertEquals("application_error", unknown.path("outcome").asText());
        assertEquals(-32602, unknown.path("metadata").path("extra").path("jsonrpc_error_code").asInt());
        JsonNode read = events("ivan", "mcp_resource_read").get(0);
        assertEquals("resource", read.path("target").path("type").asText());
        assertEquals("nowhere://x", read.path("target").path("name").asText());
        assertEquals("application_error", read.path("outcome").asText());
    }

    @Test
    void aFailingAuditWriteNeverFailsTheCall() throws Exception {
        // /dev/full opens fine and fails every write (no space left on device)
        try (GatewayHarness full = GatewayHarness.start("""
                name: full
                backends:
                  - {name: alpha, url: %s, transport: streamable-http}
                audit: {logFile: /dev/full}
                """.formatted(alpha.url()))) {
            McpHttpSession s = McpHttpSession.open(full);
            await().atMost(Duration.ofSeconds(15)).until(() -> s.call("tools/list", null).path("result").path("tools").size() == 3);
            for (int i = 0; i < 3; i++) {
                JsonNode r = s.call("tools/call", "{\"name\":\"alpha_echo\",\"arguments\":{}}");
                assertTrue(r.path("result").path("content").isArray(), r.toString());
            }
        }
    }

    // ---- helpers: a raw-HTTP client whose every request names its caller

    private static String open(String user) throws Exception {
        return open(user, "2025-11-25");
    }

    private static String open(String user, String version) throws Exception {
        HttpResponse<String> init = gateway.post("""
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"%s",
                 "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""".formatted(version),
                Map.of("Content-Type", "application/json", "Accept", McpHttpSession.ACCEPT, HeaderCallers.HEADER, caller(user)));
        String sid = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(sid, user, null, null, Map.of("MCP-Protocol-Version", version));
        return sid;
    }

    /** A request (or, with a null method, notifications/initialized) in this session, as this user. */
    private static HttpResponse<String> post(String sid, String user, String method, String params) throws Exception {
        return post(sid, user, method, params, Map.of());
    }

    private static HttpResponse<String> post(String sid, String user, String method, String params,
                                             Map<String, String> extra) throws Exception {
        String body = method == null ? "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"
                : "{\"jsonrpc\":\"2.0\",\"id\":" + IDS.incrementAndGet() + ",\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
        Map<String, String> h = new HashMap<>(Map.of("Content-Type", "application/json", "Accept", McpHttpSession.ACCEPT,
                "Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-11-25", HeaderCallers.HEADER, caller(user)));
        h.putAll(extra);
        return gateway.post(body, h);
    }

    private static JsonNode call(String sid, String user, String method, String params) throws Exception {
        return McpHttpSession.responseOf(post(sid, user, method, params));
    }

    private static JsonNode call(String sid, String user, String method, String params, Map<String, String> extra)
            throws Exception {
        return McpHttpSession.responseOf(post(sid, user, method, params, extra));
    }

    /** A 2026-07-28 (stateless) tools/call: no session, the revision's _meta and mirrored headers. */
    private static HttpResponse<String> modernCall(String user, String tool) throws Exception {
        ObjectNode body = Json.object().put("jsonrpc", "2.0").put("id", "m-" + IDS.incrementAndGet()).put("method", "tools/call");
        ObjectNode params = body.putObject("params").put("name", tool);
        params.putObject("arguments");
        ObjectNode meta = params.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "raw-http").put("version", "1");
        return gateway.post(Json.text(body), Map.of("Content-Type", "application/json", "Accept", McpHttpSession.ACCEPT,
                "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", tool, HeaderCallers.HEADER, caller(user)));
    }

    private static List<JsonNode> events(String user, String type) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(auditFile)) {
            return out;
        }
        for (String line : Files.readAllLines(auditFile)) {
            JsonNode e = Json.MAPPER.readTree(line);
            if (user.equals(e.path("subjects").path("user_id").asText()) && type.equals(e.path("type").asText())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String sha256Prefix(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 8);
    }

    /** The test caller header of a user: its subject, and its name claim (the audit line's subjects.user). */
    private static String caller(String user) {
        return user + "; name=User " + user;
    }
}
