package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import routes.kernel.BackendSpec;
import routes.protocol.Json;
import routes.protocol.JsonRpc;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a backend's request gets when the client cannot take it: an answer at once, never a
 * backend left waiting. (Relaying to a client that can is shown end to end in
 * routes.gateway.ServerToClientRequestsTest.)
 */
class ServerRequestRelayTest {

    private final BackendSpec backend = new BackendSpec("asker", URI.create("http://127.0.0.1:1/mcp"),
            BackendSpec.Transport.STREAMABLE_HTTP, null, Duration.ofSeconds(5));
    private final List<ObjectNode> toBackend = new ArrayList<>();

    private McpSession session(String capabilitiesJson) throws Exception {
        return new McpSession("s1", "2025-11-25", Json.object(), Json.MAPPER.readTree(capabilitiesJson), 0, StreamLimits.DEFAULTS);
    }

    private static JsonNode request(String method) {
        return JsonRpc.request(Json.MAPPER.getNodeFactory().numberNode(41), method, Json.object());
    }

    @Test
    void aPingIsAnsweredByTheGateway() throws Exception {
        ServerRequestRelay.relay(session("{}"), backend, request("ping"), null, toBackend::add);
        assertEquals(1, toBackend.size());
        assertEquals(41, toBackend.get(0).path("id").asInt());
        assertTrue(toBackend.get(0).has("result"));
    }

    @Test
    void aCapabilityTheClientDidNotDeclareIsRefusedWithMethodNotFound() throws Exception {
        ServerRequestRelay.relay(session("{\"roots\":{}}"), backend, request("sampling/createMessage"), null, toBackend::add);
        ServerRequestRelay.relay(session("{\"sampling\":{}}"), backend, request("elicitation/create"), null, toBackend::add);
        ServerRequestRelay.relay(session("{\"sampling\":{}}"), backend, request("tasks/get"), null, toBackend::add);
        assertEquals(3, toBackend.size());
        for (ObjectNode answer : toBackend) {
            assertEquals(JsonRpc.METHOD_NOT_FOUND, answer.path("error").path("code").asInt(), answer.toString());
            assertEquals(41, answer.path("id").asInt());
        }
        assertTrue(toBackend.get(0).path("error").path("message").asText().contains("sampling"));
    }

    @Test
    void aClientWithNoOpenStreamCannotBeAskedAndNothingIsLeftWaiting() throws Exception {
        McpSession session = session("{\"sampling\":{}}");
        ServerRequestRelay.relay(session, backend, request("sampling/createMessage"), null, toBackend::add);
        assertEquals(1, toBackend.size());
        assertTrue(toBackend.get(0).path("error").path("message").asText().contains("no open stream"), toBackend.get(0).toString());
        assertEquals(0, session.relayed().size());
    }
}
