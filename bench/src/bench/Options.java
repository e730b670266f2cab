package bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The benchmark's settings: full-run defaults, {@code --smoke} defaults (a few seconds per case),
 * and command-line overrides. run.sh passes the paths it set up (jar, node, server-everything).
 */
record Options(boolean smoke, Path out, Path jar, Path node, Path everythingJs, Path gatewayJdk,
               List<String> gatewayJvmOpts, List<String> backends, List<Integer> concurrency,
               double jitWarmup, double warmup, double duration, int rounds, long soakCalls, int soakClients,
               int idleSessions, int catalogBackends, int catalogTools, int listIterations, int startups,
               int timeoutMillis, String commit, Path render, boolean defaultLoad, int slowCalls, long slowMillis,
               boolean tracing, int getStreams, Path baselineJar, boolean floor) {

    static final String USAGE = """
            bench/run.sh [--smoke] [options]
              --smoke                   a few seconds per case; checks only that every case ran without errors
              --out DIR                 where <timestamp>.json/.md/.png go (default bench/results, smoke: target/bench-smoke)
              --gateway-jdk DIR|N       JDK that runs the gateway: a directory, or a major version found in
                                        /usr/lib/jvm (e.g. 25); default: the JDK running the benchmark
              --gateway-jvm-opts "..."  JVM flags for the gateway (default: the README's run command,
                                        "-Xmx96m -XX:+UseSerialGC -XX:-UsePerfData -XX:SharedArchiveFile=<jar's folder>/caravan.jsa";
                                        "" runs it without flags)
              --backends echo,everything
              --concurrency 1,10,50
              --jit-warmup S            seconds of load through the gateway before any case (full 30, smoke 2)
              --warmup S                uncounted seconds per case and target (full 10, smoke 1)
              --duration S              seconds per measured round and target (full 10, smoke 1)
              --rounds N                measured rounds per case, direct and gateway alternating (full 4, smoke 2)
              --soak-calls N            calls through the gateway for the RSS soak (full 100000, smoke 2000)
              --idle-sessions N         client sessions held open for the memory figure (default 1000)
              --catalog B,T             backends x tools per backend for tools/list (default 50,100)
              --list-iterations N       measured full tools/list listings (full 300, smoke 20)
              --startups N              gateway starts timed (full 3, smoke 1)
              --slow-calls N            tool calls sent at once to a backend that answers after --slow-ms
                                        (full 1000, smoke 100)
              --slow-ms MS              how long the slow backend takes per tools/call (full 5000, smoke 1000)
              --get-streams N           client sessions holding a GET stream open while tools/call latency is
                                        measured, against none (echo, 10 clients; full 200, smoke 20; 0: skip)
              --tracing on|off          the gateway traces every call (telemetry.tracingEnabled, samplingRate 1.0)
                                        and exports the spans over OTLP/HTTP to a sink in this process (default off)
              --baseline-jar FILE       an earlier build of the gateway, run beside this one in the side-by-side
                                        phase (echo, 10 clients); the caravan.jsa beside it is used if there is one
              --floor on|off            the two floors in the side-by-side phase (default on): Camel's own minimal
                                        proxy (platform-http -> camel-http) and a Vert.x proxy that never leaves
                                        the event loop
              --render FILE.json        only redraw the .md and .png of an earlier result
            """;

    static Options parse(String[] args) throws IOException {
        boolean smoke = Arrays.asList(args).contains("--smoke");
        Path out = Path.of(smoke ? "target/bench-smoke" : "bench/results");
        Path jar = Path.of("target/caravan.jar");
        Path node = Path.of("node");
        Path everything = Path.of("bench/node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        Path jdk = Path.of(System.getProperty("java.home"));
        List<String> jvmOpts = null;
        List<String> backends = List.of("echo", "everything");
        List<Integer> concurrency = List.of(1, 10, 50);
        double jitWarmup = smoke ? 2 : 30, warmup = smoke ? 1 : 10, duration = smoke ? 1 : 10;
        int rounds = smoke ? 2 : 4, idle = 1000, listIterations = smoke ? 20 : 300;
        int startups = smoke ? 1 : 3, catalogBackends = 50, catalogTools = 100;
        long soak = smoke ? 2000 : 100_000;
        int slowCalls = smoke ? 100 : 1000;
        long slowMillis = smoke ? 1000 : 5000;
        String commit = "unknown";
        Path render = null;
        boolean tracing = false;
        int getStreams = smoke ? 20 : 200;
        Path baselineJar = null;
        boolean floor = true;
        // any option that changes how much load runs makes this a custom run, labelled as such
        boolean defaultLoad = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--smoke")) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            if (!List.of("--out", "--jar", "--node", "--everything-js", "--gateway-jdk", "--gateway-jvm-opts",
                    "--commit", "--render", "--baseline-jar").contains(a)) {
                defaultLoad = false;
            }
            switch (a) {
                case "--out" -> out = Path.of(v);
                case "--jar" -> jar = Path.of(v);
                case "--node" -> node = Path.of(v);
                case "--everything-js" -> everything = Path.of(v);
                case "--gateway-jdk" -> jdk = jdk(v);
                case "--gateway-jvm-opts" -> jvmOpts = v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
                case "--backends" -> backends = List.of(v.split(","));
                case "--concurrency" -> concurrency = Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
                case "--jit-warmup" -> jitWarmup = Double.parseDouble(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--duration" -> duration = Double.parseDouble(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--soak-calls" -> soak = Long.parseLong(v);
                case "--idle-sessions" -> idle = Integer.parseInt(v);
                case "--catalog" -> {
                    String[] bt = v.split(",");
                    catalogBackends = Integer.parseInt(bt[0]);
                    catalogTools = Integer.parseInt(bt[1]);
                }
                case "--list-iterations" -> listIterations = Integer.parseInt(v);
                case "--startups" -> startups = Integer.parseInt(v);
                case "--slow-calls" -> slowCalls = Integer.parseInt(v);
                case "--slow-ms" -> slowMillis = Long.parseLong(v);
                case "--get-streams" -> getStreams = Integer.parseInt(v);
                case "--commit" -> commit = v;
                case "--render" -> render = Path.of(v);
                case "--baseline-jar" -> {
                    baselineJar = Path.of(v);
                    if (!Files.isRegularFile(baselineJar)) {
                        throw new IllegalArgumentException("--baseline-jar " + v + ": no such file");
                    }
                }
                case "--floor" -> floor = onOff("--floor", v);
                case "--tracing" -> tracing = onOff("--tracing", v);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        for (String b : backends) {
            if (!b.equals("echo") && !b.equals("everything")) {
                throw new IllegalArgumentException("--backends: unknown backend '" + b + "'; known: echo, everything");
            }
        }
        if (startups < 1 || rounds < 1 || catalogBackends < 1 || catalogTools < 1) {
            throw new IllegalArgumentException("--startups, --rounds and --catalog need values of at least 1");
        }
        if (jvmOpts == null) {
            // the README's run command; the archive is the one the build made beside the jar
            jvmOpts = List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                    "-XX:SharedArchiveFile=" + jar.toAbsolutePath().resolveSibling("caravan.jsa"));
        }
        return new Options(smoke, out, jar, node, everything, jdk, jvmOpts, backends, concurrency, jitWarmup,
                warmup, duration, rounds, soak, 10, idle, catalogBackends, catalogTools, listIterations, startups,
                30_000, commit, render, defaultLoad, slowCalls, slowMillis, tracing, getStreams, baselineJar, floor);
    }

    private static boolean onOff(String option, String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(option + " must be on or off");
        };
    }

    /** "full", "smoke", or "custom" when durations, counts or cases were changed. */
    String mode() {
        return !defaultLoad ? (smoke ? "custom smoke" : "custom") : smoke ? "smoke" : "full";
    }

    /** The gateway's java launcher. */
    Path gatewayJava() {
        return gatewayJdk.resolve("bin/java");
    }

    /** "25.0.1 (Eclipse Adoptium)" from the JDK's release file. */
    String gatewayJdkVersion() {
        return describeJdk(gatewayJdk);
    }

    static String describeJdk(Path home) {
        Properties release = release(home);
        String version = unquote(release.getProperty("JAVA_VERSION", "?"));
        String vendor = unquote(release.getProperty("IMPLEMENTOR", ""));
        return version + (vendor.isEmpty() ? "" : " (" + vendor + ")") + " at " + home;
    }

    /** A JDK directory, or the JDK of that major version under /usr/lib/jvm. */
    private static Path jdk(String value) throws IOException {
        if (!value.matches("\\d+")) {
            Path home = Path.of(value);
            if (!Files.isExecutable(home.resolve("bin/java"))) {
                throw new IllegalArgumentException("--gateway-jdk " + value + ": no bin/java in that directory");
            }
            return home;
        }
        List<Path> found = new ArrayList<>();
        Path root = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
                for (Path dir : dirs) {
                    String v = unquote(release(dir).getProperty("JAVA_VERSION", ""));
                    if ((v.equals(value) || v.startsWith(value + ".")) && Files.isExecutable(dir.resolve("bin/java"))
                            && !Files.isSymbolicLink(dir)) {
                        found.add(dir);
                    }
                }
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("--gateway-jdk " + value + ": no JDK " + value
                    + " under /usr/lib/jvm; give its directory instead");
        }
        found.sort(null);
        return found.get(0);
    }

    private static Properties release(Path home) {
        Properties p = new Properties();
        Path file = home.resolve("release");
        if (Files.isRegularFile(file)) {
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            } catch (IOException ignored) {
                // a JDK without a readable release file is described as "?"
            }
        }
        return p;
    }

    private static String unquote(String s) {
        return s.replace("\"", "").trim();
    }
}
