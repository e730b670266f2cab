package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import routes.protocol.Json;
import routes.testing.GatewayHarness;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Reads /status, /api/backends/health and /readyz together and asserts that they agree. A probe
 * may land between the three GETs; then /status read again differs and the read is repeated, so
 * what is compared is always one state of the gateway.
 */
final class GatewayHealth {

    /** One agreed view. */
    record View(JsonNode status, int readyzCode) {

        String phase() {
            return status.path("phase").asText();
        }

        boolean ready() {
            return readyzCode == 200;
        }

        JsonNode backend(String name) {
            for (JsonNode b : status.path("backends")) {
                if (name.equals(b.path("name").asText())) {
                    return b;
                }
            }
            return null;
        }

        String statusOf(String name) {
            JsonNode b = backend(name);
            return b == null ? "absent" : b.path("health").asText();
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            status.path("backends").forEach(b -> names.add(b.path("name").asText()));
            return names;
        }
    }

    private GatewayHealth() {
    }

    /**
     * @param forbidden strings that must appear in none of the three answers (header values, secrets)
     */
    static View read(GatewayHarness gateway, String... forbidden) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            HttpResponse<String> status = gateway.get("/status");
            HttpResponse<String> backends = gateway.get("/api/backends/health");
            HttpResponse<String> readyz = gateway.get("/readyz");
            HttpResponse<String> again = gateway.get("/status");
            if (!status.body().equals(again.body())) {
                continue;
            }
            for (HttpResponse<String> r : List.of(status, backends, readyz)) {
                assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""), r.uri().toString());
                for (String secret : forbidden) {
                    assertFalse(r.body().contains(secret), r.uri() + " shows '" + secret + "': " + r.body());
                }
            }
            assertEquals(200, status.statusCode());
            assertEquals(200, backends.statusCode());
            return agreed(Json.MAPPER.readTree(status.body()), Json.MAPPER.readTree(backends.body()),
                    readyz.statusCode(), Json.MAPPER.readTree(readyz.body()));
        }
        throw new AssertionError("/status kept changing between reads");
    }

    private static View agreed(JsonNode status, JsonNode backends, int readyzCode, JsonNode readyz) {
        String context = "\n/status " + status + "\n/api/backends/health " + backends + "\n/readyz " + readyzCode + " " + readyz;
        assertEquals(status.path("phase"), backends.path("phase"), "phase" + context);
        assertEquals(status.path("phase"), readyz.path("phase"), "phase" + context);
        assertEquals(status.path("message"), backends.path("message"), "message" + context);
        boolean ready = status.path("ready").asBoolean();
        assertEquals(ready, backends.path("ready").asBoolean(), "ready" + context);
        assertEquals(ready ? 200 : 503, readyzCode, "readyz" + context);
        assertEquals(ready ? "ready" : "not_ready", readyz.path("status").asText(), "readyz" + context);
        assertEquals("static", readyz.path("mode").asText(), "readyz" + context);
        List<String> listed = new ArrayList<>();
        for (JsonNode b : status.path("backends")) {
            String name = b.path("name").asText();
            listed.add(name);
            // ToolHive's two shapes of one state: /status's fields against the health monitor's
            JsonNode monitor = backends.path("backends").path(name);
            assertEquals(b.path("health").asText(), monitor.path("Status").asText(), "backend " + name + context);
            assertEquals(b.path("consecutiveFailures"), monitor.path("ConsecutiveFailures"), "backend " + name + context);
            assertEquals(b.path("lastProbe"), monitor.path("LastCheckTime"), "backend " + name + context);
            assertEquals(b.path("last_error_category"), monitor.path("LastErrorCategory"), "backend " + name + context);
            String breaker = b.path("circuitBreaker").asText();
            assertEquals(breaker.equals("disabled") ? "closed" : breaker, monitor.path("CircuitState").asText(), "backend " + name + context);
        }
        List<String> keyed = new ArrayList<>();
        for (Iterator<String> it = backends.path("backends").fieldNames(); it.hasNext(); ) {
            keyed.add(it.next());
        }
        assertEquals(listed, keyed, "backends" + context);
        return new View(status, readyzCode);
    }
}
