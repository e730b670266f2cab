package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.HeaderCallers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Caravan's rule set and ToolHive's Cedar policies through the real gateway: what each caller lists
 * and what its calls get, with the official MCP Java SDK as the client and real MCP backends. The
 * caller is set by a test-only incoming-auth route (an override, as users replace routes) from the
 * X-Test-Caller header. A denied call never reaches a backend.
 */
class AuthorizationTest {

    private static FixtureBackend notes;
    private static FixtureBackend weather;
    private static GatewayHarness rules;
    private static GatewayHarness cedar;

    private static final String BACKENDS = """
            backends:
              - {name: notes, url: "%s", transport: streamable-http}
              - {name: weather, url: "%s", transport: streamable-http}
            """;

    @BeforeAll
    static void start() throws Exception {
        notes = FixtureBackend.builder("notes").tools("list", "delete").prompts("summary", "secret")
                .resources("notes://public/a", "notes://private/b").start();
        weather = FixtureBackend.builder("weather").tools("forecast").start();
        String backends = BACKENDS.formatted(notes.url(), weather.url());
        rules = GatewayHarness.start("name: rules-gw\n" + backends + """
                incomingAuth:
                  type: anonymous
                  authz:
                    type: rules
                    rules:
                      default: deny
                      tools:
                        - allow: [notes_list, "weather_*"]
                        - allow: "*"
                          groups: [admins]
                        - deny: "notes_*"
                          claims: {department: contractors}
                      prompts:
                        - allow: notes_summary
                        - allow: "*"
                          subjects: [alice]
                      resources:
                        - allow: "notes://public/*"
                """, HeaderCallers.overrideProperties());
        cedar = GatewayHarness.start("name: cedar-gw\n" + backends + """
                incomingAuth:
                  type: anonymous
                  authz:
                    type: cedar
                    policies:
                      - 'permit(principal, action == Action::"call_tool", resource == Tool::"weather_forecast");'
                      - 'permit(principal in THVGroup::"staff", action == Action::"call_tool", resource);'
                      - 'forbid(principal, action == Action::"call_tool", resource == Tool::"notes_delete") unless { principal.claim_level == "admin" };'
                      - 'permit(principal, action == Action::"get_prompt", resource == Prompt::"notes_summary");'
                      - 'permit(principal, action == Action::"read_resource", resource) when { resource.uri like "notes://public/*" };'
                    entitiesJson: '[{"uid": {"type": "THVGroup", "id": "eng"}, "attrs": {}, "parents": [{"type": "THVGroup", "id": "staff"}]}]'
                """, HeaderCallers.overrideProperties());
    }

    @AfterAll
    static void stop() throws Exception {
        rules.close();
        cedar.close();
        notes.close();
        weather.close();
    }

    private static McpSyncClient client(GatewayHarness gw, String caller) {
        HttpClientStreamableHttpTransport.Builder t = HttpClientStreamableHttpTransport.builder(gw.baseUrl()).endpoint("/mcp");
        if (caller != null) {
            t.httpRequestCustomizer((request, method, uri, body, context) -> request.header(HeaderCallers.HEADER, caller));
        }
        McpSyncClient c = McpClient.sync(t.build()).requestTimeout(Duration.ofSeconds(20)).build();
        c.initialize();
        // both backends are in the catalog once the weather tool is listed to everyone
        await().atMost(Duration.ofSeconds(15)).until(() -> tools(c).contains("weather_forecast"));
        return c;
    }

    private static List<String> tools(McpSyncClient c) {
        return c.listTools().tools().stream().map(McpSchema.Tool::name).sorted().toList();
    }

    private static List<String> prompts(McpSyncClient c) {
        return c.listPrompts().prompts().stream().map(McpSchema.Prompt::name).sorted().toList();
    }

    private static List<String> resources(McpSyncClient c) {
        return c.listResources().resources().stream().map(McpSchema.Resource::uri).sorted().toList();
    }

    private static String call(McpSyncClient c, String tool) {
        McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest(tool, Map.of()));
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    private static long backendCalls(FixtureBackend b, String method, String name) {
        return b.requests(method).stream().filter(r -> r.body().contains("\"" + name + "\"")).count();
    }

    @Test
    void aDeniedToolIsNotListedAndItsCallIsRefusedBeforeAnyBackend() {
        try (McpSyncClient anonymous = client(rules, null)) {
            assertEquals(List.of("notes_list", "weather_forecast"), tools(anonymous));
            long before = backendCalls(notes, "tools/call", "delete");
            // HTTP 403 (ToolHive's call gate): the SDK reports it as its authorization error; the
            // JSON-RPC error in the body is checked over raw HTTP below
            assertThrows(McpHttpClientTransportAuthorizationException.class, () -> call(anonymous, "notes_delete"));
            assertEquals(before, backendCalls(notes, "tools/call", "delete"), "a denied call reached the backend");
            // the same session goes on: an allowed tool still works after a denial
            assertTrue(call(anonymous, "notes_list").startsWith("notes/list"));
        }
    }

    @Test
    void groupsAndClaimsDecideWithDenyOverridingAllow() {
        try (McpSyncClient admin = client(rules, "bob; groups=admins");
             McpSyncClient contractor = client(rules, "carl; groups=admins; department=contractors")) {
            assertEquals(List.of("notes_delete", "notes_list", "weather_forecast"), tools(admin));
            assertTrue(call(admin, "notes_delete").startsWith("notes/delete"));
            assertEquals(List.of("weather_forecast"), tools(contractor));
            assertThrows(Exception.class, () -> call(contractor, "notes_list"));
        }
    }

    @Test
    void promptsAndResourcesFollowTheirRules() {
        try (McpSyncClient anonymous = client(rules, null); McpSyncClient alice = client(rules, "alice")) {
            // prompts are named as the catalog advertises them (prefixed like tools)
            List<String> all = prompts(alice);
            assertEquals(2, all.size(), all::toString);
            String summary = all.stream().filter(p -> p.endsWith("summary")).findFirst().orElseThrow();
            assertEquals(List.of(summary), prompts(anonymous));
            assertEquals(List.of("notes://public/a"), resources(anonymous));
            assertEquals(List.of("notes://public/a"), resources(alice));
            long before = backendCalls(notes, "resources/read", "notes://private/b");
            assertThrows(Exception.class, () -> anonymous.readResource(new McpSchema.ReadResourceRequest("notes://private/b")));
            assertEquals(before, backendCalls(notes, "resources/read", "notes://private/b"));
            assertTrue(anonymous.readResource(new McpSchema.ReadResourceRequest("notes://public/a")).contents().size() == 1);
        }
    }

    @Test
    void cedarPoliciesDecideByPrincipalGroupHierarchyClaimsAndResource() {
        try (McpSyncClient anonymous = client(cedar, null);
             McpSyncClient engineer = client(cedar, "erin; groups=eng");
             McpSyncClient admin = client(cedar, "root; groups=eng; level=admin")) {
            assertEquals(List.of("weather_forecast"), tools(anonymous));
            // eng is in staff (entitiesJson): every tool but notes_delete, which is forbidden unless level is admin
            assertEquals(List.of("notes_list", "weather_forecast"), tools(engineer));
            assertEquals(List.of("notes_delete", "notes_list", "weather_forecast"), tools(admin));
            long before = backendCalls(notes, "tools/call", "delete");
            assertThrows(Exception.class, () -> call(engineer, "notes_delete"));
            assertEquals(before, backendCalls(notes, "tools/call", "delete"));
            assertTrue(call(admin, "notes_delete").startsWith("notes/delete"));
            assertEquals(List.of("notes://public/a"), resources(engineer));
        }
    }

    /** A reloaded config puts its new rules in force for sessions already open. */
    @Test
    void aReloadedConfigChangesWhatIsAllowed() throws Exception {
        String head = "name: reload-gw\n" + BACKENDS.formatted(notes.url(), weather.url()) + """
                incomingAuth:
                  type: anonymous
                  authz:
                    type: rules
                    rules:
                      default: allow
                      tools:
                        - deny: %s
                """;
        try (GatewayHarness gw = GatewayHarness.start(head.formatted("notes_delete"), HeaderCallers.overrideProperties());
             McpSyncClient c = client(gw, null)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> tools(c).equals(List.of("notes_list", "weather_forecast")));
            gw.rewriteConfig(head.formatted("\"notes_*\""));
            await().atMost(Duration.ofSeconds(15)).until(() -> tools(c).equals(List.of("weather_forecast")));
            assertThrows(McpHttpClientTransportAuthorizationException.class, () -> call(c, "notes_list"));
        }
    }

    /** ToolHive's call gate: HTTP 403 with JSON-RPC error 403, for a session client and a 2026-07-28 one. */
    @Test
    void aDeniedCallIsHttp403WithJsonRpcError403InBothEras() throws Exception {
        McpHttpSession session = McpHttpSession.open(rules);
        HttpResponse<String> r = session.post("""
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"notes_delete","arguments":{}}}""", Map.of());
        assertDenied(r, "call denied by authorization policy");
        assertDenied(session.post("""
                {"jsonrpc":"2.0","id":8,"method":"prompts/get","params":{"name":"notes_secret"}}""", Map.of()),
                "prompt denied by authorization policy");
        // a completion on a denied prompt is refused too (JSON-RPC 403 in an HTTP 200 answer, as ToolHive's dispatch does)
        JsonNode completion = session.call("completion/complete", """
                {"ref":{"type":"ref/prompt","name":"notes_secret"},"argument":{"name":"x","value":"y"}}""");
        assertEquals(403, completion.path("error").path("code").asInt(), completion.toString());
        JsonNode subscribe = session.call("resources/subscribe", "{\"uri\":\"notes://private/b\"}");
        assertEquals("read denied by authorization policy", subscribe.path("error").path("message").asText(), subscribe.toString());

        // a 2025-03-26 batch: each denied item gets its error, the allowed one its result, the answer stays 200
        McpHttpSession old = McpHttpSession.open(rules, "2025-03-26");
        HttpResponse<String> batch = old.post("""
                [{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"notes_delete","arguments":{}}},
                 {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"notes_list","arguments":{}}}]""",
                Map.of("MCP-Protocol-Version", "2025-03-26"));
        assertEquals(200, batch.statusCode(), batch.body());
        JsonNode replies = McpHttpSession.responseOf(batch);
        assertEquals(2, replies.size(), batch.body());
        for (JsonNode reply : replies) {
            if (reply.path("id").asInt() == 1) {
                assertEquals(403, reply.path("error").path("code").asInt(), batch.body());
            } else {
                assertTrue(reply.path("result").path("content").path(0).path("text").asText().startsWith("notes/list"), batch.body());
            }
        }

        HttpResponse<String> modern = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rules.mcpUrl()))
                .header("Content-Type", "application/json").header("Accept", McpHttpSession.ACCEPT)
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "notes_delete")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":"m1","method":"tools/call","params":{"name":"notes_delete","arguments":{},
                         "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                                  "io.modelcontextprotocol/clientCapabilities":{},
                                  "io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1"}}}}""")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertDenied(modern, "call denied by authorization policy");
    }

    private static void assertDenied(HttpResponse<String> r, String message) throws Exception {
        assertEquals(403, r.statusCode(), r.body());
        JsonNode error = McpHttpSession.responseOf(r).path("error");
        assertEquals(403, error.path("code").asInt(), r.body());
        assertEquals(message, error.path("message").asText());
    }

    /** A 2026-07-28 list is filtered per caller, so it must not be marked cacheable for everyone. */
    @Test
    void aFilteredModernListIsPrivate() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rules.mcpUrl()))
                .header("Content-Type", "application/json").header("Accept", McpHttpSession.ACCEPT)
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/list")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":"m2","method":"tools/list","params":{
                         "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                                  "io.modelcontextprotocol/clientCapabilities":{},
                                  "io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1"}}}}""")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode result = McpHttpSession.responseOf(r).path("result");
        assertEquals("private", result.path("cacheScope").asText(), r.body());
        result.path("tools").forEach(t -> assertTrue(List.of("notes_list", "weather_forecast").contains(t.path("name").asText()),
                r.body()));
    }
}
