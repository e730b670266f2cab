package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.config.ConfigLoader;
import routes.config.GatewayConfig;
import routes.config.InertKey;
import routes.demo.EchoBackendMain;
import routes.discovery.BackendAssembler;
import routes.testing.GatewayHarness;
import routes.testing.SdkServerBackend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every config in {@code examples/}: it loads as written, its backends assemble with nothing
 * rejected, and a gateway started on it (the examples' local backends replaced by test ones on
 * free ports: the bench's echo backends, and an SDK server on the legacy SSE transport) lists the
 * tools its README entry promises and answers a call.
 */
class ExamplesTest {

    private static final Path EXAMPLES = Path.of("examples");
    private static final Map<String, String> ENVIRONMENT = Map.of("GEN_TOKEN", "Bearer example-token");

    private static EchoBackendMain echo;
    private static SdkServerBackend everything;
    @TempDir
    static Path secrets;

    @BeforeAll
    static void start() throws Exception {
        echo = EchoBackendMain.start(0, 2, 3);
        everything = SdkServerBackend.startSse("everything", "add", "echo");
        Files.createDirectories(secrets.resolve("demo-token"));
        Files.writeString(secrets.resolve("demo-token/token"), "example-secret\n");
    }

    @AfterAll
    static void stop() {
        echo.close();
        everything.close();
    }

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("static-headers.yaml", List.of("echo_echo", "gen-00_tool_000", "gen-00_tool_001",
                        "gen-00_tool_002"), "echo_echo", List.of()),
                Arguments.of("priority.yaml", List.of("echo", "tool_000", "tool_001", "tool_002"), "tool_000", List.of()),
                Arguments.of("manual.yaml", List.of("gen00_tool_000", "gen00_tool_001", "tool_000", "tool_001", "tool_002"),
                        "gen00_tool_001", List.of()),
                Arguments.of("sse-backends.yaml", List.of("echo_echo", "everything_add", "everything_echo"),
                        "everything_add", List.of()),
                Arguments.of("authz-rules.yaml", List.of("echo_echo", "gen-00_tool_000", "gen-00_tool_001"), "echo_echo",
                        List.of()),
                Arguments.of("authz-cedar.yaml", List.of("echo_echo"), "echo_echo", List.of()),
                Arguments.of("toolhive-vmcp-config.yaml", List.of("echo_echo", "gen-00_first_tool", "gen-00_tool_001"),
                        "gen-00_first_tool", List.of("operational.failureHandling.partialFailureMode")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void loadsAssemblesAndServes(String file, List<String> tools, String callable, List<String> inert) throws Exception {
        GatewayConfig config = ConfigLoader.load(EXAMPLES.resolve(file));
        assertEquals(inert, config.inertKeys().stream().map(InertKey::key).toList());
        BackendAssembler.Result assembled = BackendAssembler.assemble(config, Map.of());
        assertEquals(Map.of(), assembled.rejected());
        assertEquals(config.backends().size(), assembled.specs().size());

        try (GatewayHarness gw = GatewayHarness.start(localised(file),
                Map.of("caravan.secrets.dir", secrets.toString(), "caravan.secrets.kubernetes", "false"), ENVIRONMENT)) {
            McpHttpSession s = McpHttpSession.open(gw);
            List<String> names = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                names.clear();
                s.call("tools/list", null).path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
                return names.size() == tools.size();
            });
            assertEquals(tools, names.stream().sorted().toList());
            JsonNode result = s.call("tools/call", "{\"name\":\"" + callable + "\",\"arguments\":{\"message\":\"hi\",\"a\":1,\"b\":2}}");
            assertFalse(result.path("result").isMissingNode(), result.toString());
            assertFalse(result.path("result").path("isError").asBoolean(false), result.toString());
        }
    }

    @Test
    void everyExampleIsTestedAndDescribed() throws IOException {
        List<String> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        assertEquals(examples().map(a -> (String) a.get()[0]).sorted().toList(), files);
        String readme = Files.readString(EXAMPLES.resolve("README.md"));
        files.forEach(f -> assertTrue(readme.contains("`" + f + "`"), "examples/README.md does not describe " + f));
    }

    /** The example with its local backend addresses pointed at this test's backends. */
    private static String localised(String file) throws IOException {
        return Files.readString(EXAMPLES.resolve(file))
                .replace("http://127.0.0.1:9001", echo.baseUrl())
                .replace("http://127.0.0.1:3001/sse", everything.url());
    }
}
