package routes.cli;

import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar's command line as ToolHive's operator runs it: the main class in a child JVM, its exit
 * code and what it printed.
 */
class CaravanProcessTest {

    private static final String GOOD = """
            name: cli
            backends:
              - name: dead
                url: http://127.0.0.1:%d/mcp
                transport: streamable-http
            """;

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    @Test
    void versionPrintsTheVersion() throws Exception {
        Run r = run("version");
        assertEquals(0, r.code(), r.err());
        assertEquals("caravan version: " + routes.CaravanMain.VERSION, r.out().strip());
    }

    @Test
    void validateSaysOkForAGoodFile() throws Exception {
        Path config = write("good.yaml", GOOD.formatted(AvailablePortFinder.getNextAvailable()));
        Run r = run("validate", "--config=" + config);
        assertEquals(0, r.code(), r.err());
        assertEquals("OK: " + config + " is valid: name cli, 1 backend(s)", r.out().strip());
    }

    @Test
    void validateListsEveryProblemAndExits1() throws Exception {
        Path config = write("bad.yaml", """
                name: cli
                backends:
                  - name: a
                    url: ftp://x
                    transport: carrier-pigeon
                """);
        Run r = run("validate", "-c", config.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("backends[0] (name=a).url"), r.err());
        assertTrue(r.err().contains("backends[0] (name=a).transport"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void serveWithAMissingConfigSaysSoInOneLine() throws Exception {
        Path missing = dir.resolve("x/y.yaml");
        Run r = run("serve", "--config=" + missing, "--port=" + AvailablePortFinder.getNextAvailable());
        assertEquals(1, r.code());
        assertEquals("config file " + missing + " does not exist", r.err().strip());
        assertEquals("", r.out().strip());
    }

    @Test
    void serveWithABadConfigPrintsTheProblemsAndExits1() throws Exception {
        Path config = write("bad.yaml", "name: cli\nbackends:\n  - name: a\n    url: http://127.0.0.1:1/mcp\n    colour: red\n");
        Run r = run("serve", "--config=" + config, "--host=127.0.0.1", "--port=" + AvailablePortFinder.getNextAvailable());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("invalid gateway config " + config), r.err());
        assertTrue(r.err().contains("colour"), r.err());
        assertNoStackTrace(r);
        assertFalse((r.out() + r.err()).contains("shutdown hook"), r.out());
    }

    @Test
    void unknownFlagsGetTheUsageAndExit2() throws Exception {
        Run r = run("serve", "--config=/c.yaml", "--group=g");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown flag '--group'"), r.err());
        assertTrue(r.err().contains("Usage: caravan"), r.err());
        Run audit = run("serve", "--config=/c.yaml", "--enable-audit");
        assertEquals(2, audit.code());
        assertTrue(audit.err().contains("--enable-audit is not supported by Caravan yet"), audit.err());
    }

    @Test
    void serveListensWhereTheOperatorSays() throws Exception {
        Path config = write("good.yaml", GOOD.formatted(AvailablePortFinder.getNextAvailable()));
        int port = AvailablePortFinder.getNextAvailable();
        Process p = start(List.of("serve", "--config=" + config, "--host=127.0.0.1", "--port=" + port, "--session-ttl=1h0m0s"));
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    http.send(health, HttpResponse.BodyHandlers.ofString()).body().contains("\"status\":\"ok\""));
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
    }

    private static void assertNoStackTrace(Run r) {
        String all = r.out() + r.err();
        assertFalse(all.contains("\tat ") || all.contains("Exception"), all);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private Run run(String... args) throws Exception {
        Process p = start(List.of(args));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command did not end");
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    private Process start(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                // tests run side by side: not the fixed default management port
                "-Dcamel.management.port=" + AvailablePortFinder.getNextAvailable(), "routes.CaravanMain"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
    }
}
