package routes.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.config.AuditConfig;
import routes.kernel.CallerIdentity;
import routes.protocol.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Audit events as written to a real file: shape, outcomes, filters, data caps and scrubbing. */
class AuditLogTest {

    private static final String SESSION = "5f1c7c3e-session-id-is-a-capability";
    private static final CallerIdentity ALICE = new CallerIdentity("alice", CallerIdentity.Kind.AUTHENTICATED, null, null,
            null, "https://idp.test", Map.of("email", "alice@example.com"));

    @TempDir
    Path dir;

    private static AuditConfig config(Path file, List<String> types, List<String> exclude, boolean data, int max) {
        return new AuditConfig(true, "gw", types, exclude, data, data, true, max, file.toString());
    }

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    private static AuditEntry call(String tool, JsonNode reply) throws Exception {
        return new AuditEntry("tools/call", ALICE, SESSION, "claude", "1.2", "2025-11-25", "127.0.0.1", "test-agent",
                tool, "alpha", json("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"q\":\"x\"}}}"), reply, 42_000_000L);
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(l -> {
            try {
                return Json.MAPPER.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not one JSON object: " + l, e);
            }
        }).toList();
    }

    @Test
    void aToolCallIsOneLineInToolHivesShape() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = new AuditLog()) {
            log.apply(config(file, List.of(), List.of(), false, 1024));
            log.record(call("alpha_echo", json("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"content\":[]}}")));
        }
        List<JsonNode> events = lines(file);
        assertEquals(1, events.size());
        JsonNode e = events.get(0);
        assertEquals("audit_event", e.path("msg").asText());
        assertEquals("mcp_tool_call", e.path("type").asText());
        assertEquals("success", e.path("outcome").asText());
        assertEquals("gw", e.path("component").asText());
        assertEquals(36, e.path("audit_id").asText().length());
        assertEquals("alice", e.path("subjects").path("user_id").asText());
        assertEquals("alice@example.com", e.path("subjects").path("user").asText());
        assertEquals("claude", e.path("subjects").path("client_name").asText());
        assertEquals("tools/call", e.path("target").path("method").asText());
        assertEquals("alpha_echo", e.path("target").path("name").asText());
        assertEquals("tool", e.path("target").path("type").asText());
        assertEquals("127.0.0.1", e.path("source").path("value").asText());
        assertEquals(AuditLog.sessionHash(SESSION), e.path("source").path("extra").path("session_id_sha256").asText());
        assertEquals(16, AuditLog.sessionHash(SESSION).length());
        assertEquals(42, e.path("metadata").path("extra").path("duration_ms").asLong());
        assertEquals("alpha", e.path("metadata").path("extra").path("backend_name").asText());
        assertFalse(e.has("data"), "no data unless asked for");
        assertFalse(Files.readString(file).contains(SESSION), "the session id itself is never logged");
    }

    @Test
    void outcomesFollowTheReply() throws Exception {
        Path file = dir.resolve("outcomes.log");
        try (AuditLog log = new AuditLog()) {
            log.apply(config(file, List.of(), List.of(), false, 1024));
            log.record(call("a", json("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"}}")));
            log.record(call("a", json("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":403,\"message\":\"denied\"}}")));
            log.record(call("a", json("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32603,\"message\":\"backend down\"}}")));
            log.record(call("a", json("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32602,\"message\":\"Unknown tool: a\"}}")));
            log.record(call("a", json("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"isError\":true,\"content\":[]}}")));
            // without detectApplicationErrors an isError result is a success, as in ToolHive
            log.apply(new AuditConfig(true, "gw", List.of(), List.of(), false, false, false, 1024, file.toString()));
            log.record(call("a", json("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"isError\":true,\"content\":[]}}")));
        }
        List<JsonNode> events = lines(file);
        assertEquals(List.of("rate_limited", "denied", "error", "application_error", "application_error", "success"),
                events.stream().map(e -> e.path("outcome").asText()).toList());
        assertEquals(429, events.get(0).path("metadata").path("extra").path("jsonrpc_error_code").asInt());
        assertEquals("Unknown tool: a", events.get(3).path("metadata").path("extra").path("jsonrpc_error_message").asText());
    }

    @Test
    void eventTypesAndExcludeEventTypesFilter() throws Exception {
        Path file = dir.resolve("filtered.log");
        JsonNode ok = json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
        try (AuditLog log = new AuditLog()) {
            log.apply(config(file, List.of("mcp_tool_call", "mcp_ping"), List.of("mcp_ping"), false, 1024));
            log.record(call("a", ok));
            log.record(new AuditEntry("ping", ALICE, SESSION, null, null, null, null, null, null, null,
                    json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"), ok, 0));
            log.record(new AuditEntry("tools/list", ALICE, SESSION, null, null, null, null, null, null, null,
                    json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"), ok, 0));
        }
        assertEquals(List.of("mcp_tool_call"), lines(file).stream().map(e -> e.path("type").asText()).toList());
    }

    @Test
    void dataIsScrubbedAndCapped() throws Exception {
        Path file = dir.resolve("data.log");
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl";
        JsonNode request = json("""
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"a","arguments":{"q":"weather",
                 "api_key":"sk-live-123456","note":"use Bearer abcdefghijklmnop please","jwt":"%s"}}}""".formatted(jwt));
        JsonNode big = json("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\""
                + "x".repeat(2000) + "\"}]}}");
        try (AuditLog log = new AuditLog()) {
            log.apply(config(file, List.of(), List.of(), true, 400));
            log.record(new AuditEntry("tools/call", ALICE, SESSION, null, null, null, null, null, "a", "alpha", request,
                    big, 0));
        }
        String text = Files.readString(file);
        for (String secret : List.of("sk-live-123456", "abcdefghijklmnop", jwt)) {
            assertFalse(text.contains(secret), "leaked " + secret + ": " + text);
        }
        JsonNode data = lines(file).get(0).path("data");
        assertEquals("weather", data.path("request").path("params").path("arguments").path("q").asText(),
                "arguments are the user's data");
        assertEquals(AuditScrubber.REDACTED, data.path("request").path("params").path("arguments").path("api_key").asText());
        assertFalse(data.has("response"), "over maxDataSize: left out");
        assertTrue(data.path("response_omitted_bytes").asInt() > 2000);
    }

    @Test
    void aFailingWriteNeverThrows() {
        // /dev/full accepts the open and fails every write (ENOSPC)
        Path full = Path.of("/dev/full");
        try (AuditLog log = new AuditLog()) {
            log.apply(config(full, List.of(), List.of(), false, 1024));
            for (int i = 0; i < 3; i++) {
                log.record(call("a", json("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}")));
            }
        } catch (Exception e) {
            throw new AssertionError("a failed audit write must not throw", e);
        }
    }

    @Test
    void noSectionNoLines() throws Exception {
        try (AuditLog log = new AuditLog()) {
            log.apply(AuditConfig.NONE);
            assertFalse(log.on());
            log.record(call("a", null));
        }
    }
}
