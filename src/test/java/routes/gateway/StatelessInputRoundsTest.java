package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.GatewayHarness;
import routes.testing.SdkServerBackend;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 2026-07-28 client calling a 2025-era backend that asks for input while it answers (sampling,
 * elicitation): the revision has no server-to-client requests, so the client gets an
 * input_required result with the backend's requests, and its retry (inputResponses with the
 * requestState it was given) resumes the same backend call, which completes with the answer.
 */
class StatelessInputRoundsTest {

    private static SdkServerBackend legacy;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        legacy = SdkServerBackend.builder("legacy").tools(SdkServerBackend.ASK_SAMPLING, SdkServerBackend.ASK_ELICITATION).start();
        gateway = GatewayHarness.start("""
                name: rounds
                operational:
                  failureHandling: {healthCheckInterval: 1h}
                backends:
                  - name: legacy
                    url: %s
                    transport: streamable-http
                """.formatted(legacy.url()));
        await().atMost(Duration.ofSeconds(15)).until(() -> call("tools/list", Json.object(), Json.object()).toString()
                .contains("legacy_ask-elicitation"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        legacy.close();
    }

    @Test
    void aSamplingRequestBecomesAnInputRoundAndTheRetryCompletesTheSameCall() throws Exception {
        ObjectNode caps = Json.object().set("sampling", Json.object());
        ObjectNode params = Json.object().put("name", "legacy_" + SdkServerBackend.ASK_SAMPLING);
        params.putObject("arguments").put("prompt", "the answer?");
        JsonNode first = call("tools/call", params, caps);
        assertEquals("input_required", first.path("resultType").asText(), first.toString());
        JsonNode ask = first.path("inputRequests").path("input-1");
        assertEquals("sampling/createMessage", ask.path("method").asText(), first.toString());
        assertEquals("the answer?", ask.path("params").path("messages").path(0).path("content").path("text").asText());
        String state = first.path("requestState").asText();
        assertFalse(state.contains("caravan-parked"), "the state goes out in the gateway's signed envelope: " + state);

        ObjectNode retry = params.deepCopy().put("requestState", state);
        ObjectNode answer = retry.putObject("inputResponses").putObject("input-1").put("role", "assistant").put("model", "m");
        answer.putObject("content").put("type", "text").put("text", "42");
        JsonNode done = call("tools/call", retry, caps);
        assertEquals("sampled: 42", done.path("content").path(0).path("text").asText(), done.toString());
        assertEquals(1, legacy.requests("POST", "tools/call").stream()
                .filter(r -> r.body().contains(SdkServerBackend.ASK_SAMPLING)).count(), "one backend call, resumed");

        JsonNode again = response("tools/call", retry, caps);
        assertEquals(-32602, again.path("error").path("code").asInt(), "a used state does not resume anything: " + again);
    }

    @Test
    void anElicitationRoundWorksTheSameWay() throws Exception {
        ObjectNode caps = Json.object().set("elicitation", Json.object());
        ObjectNode params = Json.object().put("name", "legacy_" + SdkServerBackend.ASK_ELICITATION);
        params.putObject("arguments");
        JsonNode first = call("tools/call", params, caps);
        assertEquals("elicitation/create", first.path("inputRequests").path("input-1").path("method").asText(), first.toString());
        ObjectNode retry = params.deepCopy().put("requestState", first.path("requestState").asText());
        retry.putObject("inputResponses").putObject("input-1").put("action", "accept").putObject("content").put("name", "Ada");
        JsonNode done = call("tools/call", retry, caps);
        String text = done.path("content").path(0).path("text").asText();
        assertTrue(text.startsWith("elicited: ACCEPT") && text.contains("Ada"), done.toString());
    }

    @Test
    void aClientWithoutTheCapabilityIsNotAskedAndTheCallEnds() throws Exception {
        ObjectNode params = Json.object().put("name", "legacy_" + SdkServerBackend.ASK_SAMPLING);
        params.putObject("arguments").put("prompt", "x");
        JsonNode r = response("tools/call", params, Json.object());
        assertNotEquals("input_required", r.path("result").path("resultType").asText(), r.toString());
        assertTrue(r.has("error") || r.path("result").path("isError").asBoolean(), r.toString());
    }

    /** The result of a successful call. */
    private static JsonNode call(String method, ObjectNode params, ObjectNode caps) throws Exception {
        JsonNode r = response(method, params, caps);
        assertTrue(r.has("result"), r.toString());
        return r.get("result");
    }

    /** The JSON-RPC response (the last message of an SSE answer). */
    private static JsonNode response(String method, ObjectNode params, ObjectNode caps) throws Exception {
        ObjectNode p = ModernHttp.withMeta(params, caps);
        Map<String, String> headers = method.equals("tools/call") ? Map.of("Mcp-Name", params.path("name").asText()) : Map.of();
        HttpResponse<String> r = ModernHttp.send(ModernHttp.request(gateway.mcpUrl(), method, p, headers,
                Json.MAPPER.getNodeFactory().textNode(method + "-" + System.nanoTime())));
        if (r.statusCode() != 200) {
            return Json.MAPPER.readTree(r.body());
        }
        List<JsonNode> events = ModernHttp.events(r);
        return events.get(events.size() - 1);
    }
}
