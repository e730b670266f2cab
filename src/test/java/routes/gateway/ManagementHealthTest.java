package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Camel's health endpoint on the management port, as Kubernetes and Camel K probe it: it answers
 * with the checks as JSON, and the gateway's readiness check says what /readyz says.
 */
class ManagementHealthTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The check named {@code gateway-readiness} in a /observe/health answer, or null. */
    private static JsonNode readinessCheck(HttpResponse<String> answer) throws Exception {
        for (JsonNode check : Json.MAPPER.readTree(answer.body()).path("checks")) {
            if (check.path("name").asText().equals("gateway-readiness")) {
                return check;
            }
        }
        return null;
    }

    @Test
    void observeHealthFollowsReadyz() throws Exception {
        try (FixtureBackend backend = FixtureBackend.start("only");
             GatewayHarness gw = GatewayHarness.start("""
                     name: management
                     backends:
                       - name: only
                         url: %s
                         transport: streamable-http
                     operational:
                       failureHandling:
                         healthCheckInterval: 500ms
                         healthCheckTimeout: 400ms
                         unhealthyThreshold: 1
                     """.formatted(backend.url()))) {
            String health = gw.managementUrl() + "/observe/health";
            await().atMost(WAIT).until(() -> gw.get("/readyz").statusCode() == 200);
            HttpResponse<String> up = gw.get(health + "?exposureLevel=full");
            assertEquals(200, up.statusCode(), up.body());
            assertEquals("UP", Json.MAPPER.readTree(up.body()).path("status").asText(), up.body());
            JsonNode check = readinessCheck(up);
            assertNotNull(check, up.body());
            assertEquals("UP", check.path("status").asText(), up.body());
            assertEquals(200, gw.get(health + "/ready").statusCode());

            backend.stop();
            await().atMost(WAIT).until(() -> gw.get("/readyz").statusCode() == 503);
            HttpResponse<String> down = gw.get(health);
            assertEquals(503, down.statusCode(), down.body());
            assertEquals("DOWN", Json.MAPPER.readTree(down.body()).path("status").asText(), down.body());
            check = readinessCheck(down);
            assertNotNull(check, down.body());
            assertEquals("DOWN", check.path("status").asText(), down.body());
            assertEquals(503, gw.get(health + "/ready").statusCode());
            // backends being down is no reason to restart the gateway
            HttpResponse<String> live = gw.get(health + "/live?exposureLevel=full");
            assertEquals(200, live.statusCode(), live.body());
            assertNull(readinessCheck(live), live.body());
        }
    }

    @Test
    void observeHealthAnswersInDemoMode() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(null)) {
            await().atMost(WAIT).until(() -> gw.get("/readyz").statusCode() == 200);
            HttpResponse<String> answer = gw.get(gw.managementUrl() + "/observe/health?exposureLevel=full");
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""));
            assertEquals("UP", readinessCheck(answer).path("status").asText(), answer.body());
            assertEquals(200, gw.get(gw.managementUrl() + "/observe/health/live").statusCode());
        }
    }
}
