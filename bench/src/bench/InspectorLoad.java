package bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The independent client: one run of the official MCP Inspector CLI's closed-loop load test
 * ({@code inspector --cli URL --method tools/call --load}), on the pinned Node 22. The Inspector
 * opens one MCP session and keeps {@code concurrency} calls in flight on it, each worker sending
 * its next call when the previous one has answered, for {@code seconds}; it then prints one JSON
 * summary, which is parsed here. The Inspector's own CPU is measured too: once the JVM has reaped
 * the child, its user and system time show in this process's {@code cutime}/{@code cstime}.
 */
final class InspectorLoad {

    private static final double CLOCK_TICKS = Double.parseDouble(System.getProperty("bench.clkTck", "100"));

    private final Path node;
    private final Path packageDir;
    private final Path home;

    /**
     * {@code packageDir} is the installed {@code @modelcontextprotocol/inspector}; {@code home}
     * becomes the Inspector's HOME, so that its state files stay in the run's tmp directory.
     */
    InspectorLoad(Path node, Path packageDir, Path home) {
        this.node = node;
        this.packageDir = packageDir;
        this.home = home;
    }

    /**
     * What one {@code --load} run did. {@code calls} are successful calls; {@code toolErrors} are
     * results with {@code isError: true}, {@code errors} failed requests; latencies (ms) cover
     * every call, as the Inspector measures them.
     */
    record Result(long calls, long toolErrors, long errors, List<String> errorMessages, double elapsedMs,
                  double p50, double p90, double p99, double clientCpuSeconds) {

        double throughput() {
            return elapsedMs <= 0 ? 0 : calls * 1000.0 / elapsedMs;
        }

        long failed() {
            return toolErrors + errors;
        }
    }

    /**
     * One run. {@code transport} is the Inspector's {@code --transport}: {@code http} (streamable
     * HTTP) or {@code sse} (the legacy HTTP+SSE transport). {@code log} gets the Inspector's stderr.
     */
    Result run(URI url, String transport, String tool, String argumentsJson, int concurrency, double seconds,
               Path log) throws IOException, InterruptedException {
        Files.createDirectories(home);
        Path out = log.resolveSibling(log.getFileName() + ".json");
        List<String> cmd = new ArrayList<>(List.of(node.toString(),
                packageDir.resolve("clients/launcher/build/index.js").toString(), "--cli", url.toString(),
                "--transport", transport, "--method", "tools/call", "--tool-name", tool,
                "--tool-args-json", argumentsJson, "--load", "--load-concurrency", Integer.toString(concurrency),
                "--load-duration", String.format(Locale.ROOT, "%s", seconds), "--format", "json", "--quiet"));
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("HOME", home.toString());
        double cpu0 = reapedChildrenCpuSeconds();
        Process p = builder.start();
        try {
            if (!p.waitFor((long) seconds + 90, TimeUnit.SECONDS)) {
                throw new IOException("the Inspector's --load against " + url + " did not end within " + seconds
                        + " s + 90 s; log " + log);
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        double clientCpu = reapedChildrenCpuSeconds() - cpu0;
        String text = Files.readString(out);
        JsonNode r;
        try {
            r = McpClient.JSON.readTree(text).path("result");
        } catch (IOException e) {
            r = McpClient.JSON.missingNode();
        }
        if (p.exitValue() != 0 || !r.has("ok") || !r.has("latencyMs")) {
            throw new IOException("the Inspector's --load against " + url + " (tool " + tool + ") exited "
                    + p.exitValue() + " without a load summary: " + text.strip() + "; log " + log);
        }
        List<String> messages = new ArrayList<>();
        for (JsonNode m : r.path("errorMessages")) {
            messages.add(m.path("count").asLong() + " x " + m.path("message").asText());
        }
        JsonNode l = r.path("latencyMs");
        return new Result(r.path("ok").asLong(), r.path("toolErrors").asLong(), r.path("errors").asLong(), messages,
                r.path("elapsedMs").asDouble(), l.path("p50").asDouble(), l.path("p90").asDouble(),
                l.path("p99").asDouble(), clientCpu);
    }

    /** The Inspector's package version. */
    String version() {
        return Peers.packageVersion(packageDir);
    }

    /** User plus system CPU seconds of this process's children that have ended and been waited for. */
    private static double reapedChildrenCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state); cutime and cstime are fields 16 and 17
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the CPU time of ended child processes from /proc/self/stat", e);
        }
    }
}
