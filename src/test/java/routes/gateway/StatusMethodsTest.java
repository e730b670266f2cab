package routes.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ToolHive's /status answers GET and HEAD only (405 otherwise); /health and /ping say {"status":"ok"}. */
class StatusMethodsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FixtureBackend backend;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws Exception {
        backend = FixtureBackend.builder("one").tools("echo").start();
        gateway = GatewayHarness.start("""
                name: methods
                backends:
                  - {name: one, url: "%s", transport: streamable-http}
                """.formatted(backend.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        backend.close();
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("HEAD")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}");
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).method(method, body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statusAnswersGetAndHeadOnly() throws Exception {
        assertEquals(200, send("GET", "/status").statusCode());
        HttpResponse<String> head = send("HEAD", "/status");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals("application/json", head.headers().firstValue("Content-Type").orElse(""));
        for (String method : List.of("POST", "PUT", "DELETE")) {
            assertEquals(405, send(method, "/status").statusCode(), method);
        }
    }

    @Test
    void livenessUnderBothNames() throws Exception {
        for (String path : List.of("/health", "/ping")) {
            HttpResponse<String> r = send("GET", path);
            assertEquals(200, r.statusCode(), path);
            assertEquals("{\"status\":\"ok\"}", Json.MAPPER.readTree(r.body()).toString(), path);
        }
    }
}
