package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.LogCapture;
import routes.testing.RecordedRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The route override folder: a file named like a built-in route replaces it, live; removing it
 * gives the built-in back; a Kubernetes ConfigMap swap (the ..data symlink) is seen; another file
 * adds routes; a broken file or one that breaks a step's contract is refused by name.
 */
class RouteOverridesTest {

    /** header-forward as built in, plus one computed header. */
    private static final String HEADER_FORWARD = """
            - route:
                id: header-forward
                from:
                  uri: "direct:header-forward"
                  steps:
                    - process:
                        ref: headerForwardEnricher
                    - setHeader:
                        name: X-Override
                        simple: "%s-${exchangeProperty.caravanBackend.name}"
            """;

    @TempDir
    Path dir;
    private FixtureBackend backend;
    private GatewayHarness gateway;

    @BeforeEach
    void backend() throws Exception {
        backend = FixtureBackend.builder("echo").tools("echo").start();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        backend.close();
    }

    private GatewayHarness start() throws Exception {
        gateway = GatewayHarness.start("""
                name: overrides
                operational:
                  failureHandling: {healthCheckInterval: 1h}
                backends:
                  - name: echo
                    url: %s
                    transport: streamable-http
                """.formatted(backend.url()), Map.of("caravan.routes.override-dir", dir.toString(),
                "caravan.routes.reload-interval", "200"));
        McpHttpSession s = McpHttpSession.open(gateway);
        await().atMost(Duration.ofSeconds(20)).until(() -> s.call("tools/list", null).toString().contains("echo_echo"));
        return gateway;
    }

    /** The X-Override header of the backend's next tools/call (null when none). */
    private String nextCallsHeader() throws Exception {
        McpHttpSession client = McpHttpSession.open(gateway);
        JsonNode r = client.call("tools/call", "{\"name\":\"echo_echo\",\"arguments\":{}}");
        assertTrue(r.has("result"), r.toString());
        List<RecordedRequest> calls = backend.requests("tools/call");
        return calls.get(calls.size() - 1).header("X-Override");
    }

    @Test
    void anOverrideReplacesItsStepLiveAndRemovingItGivesTheBuiltInBack() throws Exception {
        Files.writeString(dir.resolve("header-forward.yaml"), HEADER_FORWARD.formatted("v1"));
        start();
        assertEquals("v1-echo", nextCallsHeader(), "the override ran from the start");

        Files.writeString(dir.resolve("header-forward.yaml"), HEADER_FORWARD.formatted("v2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "v2-echo".equals(nextCallsHeader()));

        Files.delete(dir.resolve("header-forward.yaml"));
        await().atMost(Duration.ofSeconds(10)).until(() -> nextCallsHeader() == null);
        assertTrue(gateway.camel().getRoute("header-forward") != null, "the built-in step is back");
    }

    @Test
    void aConfigMapSwapThroughTheDataSymlinkIsSeen() throws Exception {
        // as the kubelet lays out a ConfigMap volume: ..<timestamp>/file, ..data -> it, file -> ..data/file
        Path first = Files.createDirectory(dir.resolve("..2026_11_27_01"));
        Files.writeString(first.resolve("header-forward.yaml"), HEADER_FORWARD.formatted("cm1"));
        Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(dir.resolve("header-forward.yaml"), Path.of("..data", "header-forward.yaml"));
        start();
        assertEquals("cm1-echo", nextCallsHeader());

        Path second = Files.createDirectory(dir.resolve("..2026_11_27_02"));
        Files.writeString(second.resolve("header-forward.yaml"), HEADER_FORWARD.formatted("cm2"));
        Path swap = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
        Files.move(swap, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(Duration.ofSeconds(10)).until(() -> "cm2-echo".equals(nextCallsHeader()));
    }

    @Test
    void aStepAddedToBackendRequestLogsEveryToolCall() throws Exception {
        // the README's worked example, as written there
        Files.writeString(dir.resolve("backend-request.yaml"), """
                - route:
                    id: backend-request
                    from:
                      uri: "direct:backend-request"
                      steps:
                        - to: "direct:identity-propagation"
                        - to: "direct:header-forward"
                        - to: "direct:outgoing-auth"
                        - filter:
                            simple: "${exchangeProperty.caravanRpcMethod} == 'tools/call'"
                            steps:
                              - log:
                                  message: "tools/call to ${exchangeProperty.caravanBackend.name} for ${exchangeProperty.caravanCaller.subject}"
                                  logName: caravan.calls
                        - to: "direct:backend-http"
                """);
        start();
        try (LogCapture log = LogCapture.start()) {
            assertNull(nextCallsHeader());
            await().atMost(Duration.ofSeconds(5)).until(() -> !log.linesContaining("tools/call to echo for anonymous").isEmpty());
            assertTrue(log.linesContaining("tools/list to").isEmpty(), "only tool calls are logged");
        }
    }

    @Test
    void anotherFileAddsRoutesThatRun() throws Exception {
        Files.writeString(dir.resolve("hello.yaml"), """
                - route:
                    id: hello
                    from:
                      uri: "platform-http:/hello"
                      steps:
                        - setBody:
                            constant: "hello from an added route"
                """);
        start();
        assertEquals("hello from an added route", gateway.get("/hello").body());
        Files.delete(dir.resolve("hello.yaml"));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.camel().getRoute("hello") == null);
    }

    @Test
    void aBrokenFileStopsTheStartNamingTheFileAndTheLine() throws Exception {
        Files.writeString(dir.resolve("header-forward.yaml"), """
                - route:
                    id: header-forward
                    from:
                      uri: "direct:header-forward"
                      steps:
                        - process: [oops
                """);
        Exception e = assertThrows(Exception.class, this::start);
        String message = messages(e);
        assertTrue(message.contains(dir.resolve("header-forward.yaml").toString()), message);
        assertTrue(message.toLowerCase().contains("line"), message);
        gateway = null;
    }

    @Test
    void anOverrideThatBreaksAStepsContractIsRefusedByName() throws Exception {
        String elsewhere = """
                - route:
                    id: header-forward
                    from:
                      uri: "direct:somewhere-else"
                      steps:
                        - log: "x"
                """;
        Files.writeString(dir.resolve("header-forward.yaml"), elsewhere);
        Exception e = assertThrows(Exception.class, this::start);
        assertTrue(messages(e).contains("direct:header-forward"), messages(e));
        gateway = null;

        // live: refused, the step as it was keeps working
        Files.writeString(dir.resolve("header-forward.yaml"), HEADER_FORWARD.formatted("ok"));
        start();
        try (LogCapture log = LogCapture.start()) {
            Files.writeString(dir.resolve("header-forward.yaml"), elsewhere);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream()
                    .anyMatch(l -> l.contains("refused") && l.contains("direct:header-forward")));
        }
        assertEquals("ok-echo", nextCallsHeader());
        assertNull(gateway.camel().getRoute("somewhere-else"));
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append(" | ");
        }
        return b.toString();
    }
}
