package routes;

import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar's command line as ToolHive's operator and a user run it, each in a JVM of its own: what
 * it prints and its exit code. A config that cannot be used never gets as far as Camel.
 */
class CaravanMainProcessTest {

    private static final String GOOD = """
            name: cli
            backends:
              - {name: tools, url: "http://127.0.0.1:9/mcp", transport: streamable-http}
            """;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-cp", System.getProperty("java.class.path"), CaravanMain.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Run run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(java(args)).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exits");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void validateSaysValidOrListsEveryProblem() throws Exception {
        Run ok = run("validate", "--config=" + file("good.yaml", GOOD));
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(ok.out().contains("is valid: virtual server 'cli', 1 backend(s) [tools]"), ok.out());

        Run bad = run("validate", "--config", file("bad.yaml", "name: cli\nbackends:\n  - {name: x, url: ftp://x, transport: grpc}\n").toString());
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("invalid gateway config") && bad.err().contains("(2 problems)"), bad.err());
        assertNoStackTrace(bad);
    }

    @Test
    void serveWithABadOrMissingConfigExitsOneBeforeAnythingStarts() throws Exception {
        Run bad = run("serve", "--config=" + file("bad.yaml", "name: cli\nbackends: 3\n"), "--port=" + AvailablePortFinder.getNextAvailable());
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("backends: must be a list, not a number"), bad.err());
        assertNoStackTrace(bad);
        assertFalse((bad.out() + bad.err()).contains("Apache Camel"), "Camel never started: " + bad);

        Path missing = dir.resolve("nope.yaml");
        Run gone = run("serve", "--config=" + missing);
        assertEquals(1, gone.exit(), gone.toString());
        assertEquals("config file " + missing + " does not exist", gone.err().strip());
        assertNoStackTrace(gone);
    }

    @Test
    void aTakenPortOrAnUnreachableKubernetesApiIsOneLineAndExitOne() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run busy = run("serve", "--config=" + file("good.yaml", GOOD), "--port=" + taken.getLocalPort());
            assertEquals(1, busy.exit(), busy.toString());
            assertTrue(busy.err().strip().startsWith("caravan: could not start: cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    busy.err());
            assertNoStackTrace(busy);
        }
        Run dynamic = run(Map.of("KUBERNETES_MASTER", "http://127.0.0.1:1", "VMCP_NAMESPACE", "tools"), "serve",
                "--config=" + file("dynamic.yaml", "name: cli\ngroupRef: team\nincomingAuth: {type: anonymous}\n"
                        + "outgoingAuth: {source: discovered}\n"), "--port=" + AvailablePortFinder.getNextAvailable());
        assertEquals(1, dynamic.exit(), dynamic.toString());
        assertTrue(dynamic.err().contains("caravan: could not start: Kubernetes discovery: the Kubernetes API did not answer"
                + " a list of ToolHive resources in namespace tools"), dynamic.err());
        assertTrue(dynamic.err().contains("Connection refused"), dynamic.err());
        assertFalse(dynamic.err().contains("\tat "), "no stack trace: " + dynamic.err());
    }

    @Test
    void versionAndUsage() throws Exception {
        Run version = run("version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("caravan version " + CaravanMain.VERSION), version.out());
        Run wrong = run("serve", "--config=x.yaml", "--group=g");
        assertEquals(2, wrong.exit());
        assertTrue(wrong.err().contains("serve: unknown flag --group") && wrong.err().contains("usage: caravan"), wrong.err());
    }

    @Test
    void serveRunsAsTheOperatorStartsIt() throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        List<String> cmd = java("serve", "--config=" + file("good.yaml", GOOD), "--host=127.0.0.1", "--port=" + port, "--debug");
        // the management port's default may be taken by another gateway on this machine
        cmd.add(1, "-Dcamel.management.port=" + AvailablePortFinder.getNextAvailable());
        Path log = dir.resolve("serve.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> get(http, port, "/health").statusCode() == 200);
            assertEquals("{\"status\":\"ok\"}", get(http, port, "/ping").body());
            HttpResponse<String> status = get(http, port, "/status");
            assertTrue(status.body().contains("\"name\":\"tools\"") && status.body().contains("\"transport\":\"streamable-http\""),
                    status.body());
            assertEquals(404, get(http, port, "/metrics").statusCode(), "off unless the config enables it");
            // --debug: Caravan's own loggers say more
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(log).contains(" DEBUG "));
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void assertNoStackTrace(Run r) {
        String all = r.out() + r.err();
        assertFalse(all.contains("\tat ") || all.contains("Exception in thread"), "no stack trace: " + all);
        assertFalse(all.contains("shutdown hook"), "no shutdown-hook line: " + all);
    }
}
