package bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The peers phase: the same server-everything reached directly, through Caravan and through the
 * peer gateway mcp-hub, all driven by a second, independent client (the MCP Inspector CLI's
 * {@code --load}, see {@link InspectorLoad}) in one run. Each round runs every target once, and
 * the order rotates from round to round so that each target runs first, second and third equally
 * often. The phase starts its own processes (a fresh server-everything, a Caravan gateway from
 * the jar with the benchmark's JVM flags, mcp-hub) and stops them at the end.
 */
final class Peers {

    private static final String MESSAGE = "hello from caravan-bench";
    private static final String ARGUMENTS = "{\"message\":\"" + MESSAGE + "\"}";

    /** The phase's settings, given as {@code --peers-*} options (taken out before {@link Options#parse}). */
    record Settings(int clients, int rounds, double seconds, double warmup) {

        static final String USAGE = """
                  --peers-clients N         calls in flight at once from the Inspector's --load (default 10)
                  --peers-rounds N          rounds of direct, Caravan and mcp-hub, order rotating (full 3, smoke 1;
                                            0 skips the peers phase)
                  --peers-duration S        seconds per target and round (full 8, smoke 2)
                  --peers-warmup S          uncounted seconds of the same load per target before the rounds
                                            (full 10, smoke 1)
                """;

        /** The {@code --peers-*} options of {@code args}; every other argument is added to {@code rest}. */
        static Settings parse(String[] args, List<String> rest) {
            boolean smoke = Arrays.asList(args).contains("--smoke");
            int clients = 10, rounds = smoke ? 1 : 3;
            double seconds = smoke ? 2 : 8, warmup = smoke ? 1 : 10;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--peers-")) {
                    rest.add(a);
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--peers-clients" -> clients = Integer.parseInt(v);
                    case "--peers-rounds" -> rounds = Integer.parseInt(v);
                    case "--peers-duration" -> seconds = Double.parseDouble(v);
                    case "--peers-warmup" -> warmup = Double.parseDouble(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (clients < 1 || rounds < 0 || seconds <= 0 || warmup < 0) {
                throw new IllegalArgumentException("--peers-clients and --peers-duration need positive values, "
                        + "--peers-rounds and --peers-warmup at least 0");
            }
            return new Settings(clients, rounds, seconds, warmup);
        }
    }

    /** One way to reach server-everything, and what was measured on it. */
    private static final class Target {
        final String name;
        final URI url;
        final String inspectorTransport;
        final String frontDoor;
        final String toBackend;
        final String tool;
        /** The gateway process, or null for direct. */
        final Proc proxy;
        final List<InspectorLoad.Result> runs = new ArrayList<>();
        double proxyCpu;
        double backendCpu;

        Target(String name, URI url, String inspectorTransport, String frontDoor, String toBackend, String tool,
               Proc proxy) {
            this.name = name;
            this.url = url;
            this.inspectorTransport = inspectorTransport;
            this.frontDoor = frontDoor;
            this.toBackend = toBackend;
            this.tool = tool;
            this.proxy = proxy;
        }
    }

    private final Options options;
    private final Settings settings;
    private final Servers servers;
    private final Path dir;
    private final ObjectNode node;
    private final Path nodeModules;

    Peers(Options options, Settings settings, Servers servers, Path tmp, ObjectNode report) {
        this.options = options;
        this.settings = settings;
        this.servers = servers;
        this.dir = tmp.resolve("peers");
        this.node = report.putObject("peers");
        // the peers come from the same npm install as server-everything: <node_modules>/@modelcontextprotocol/server-everything/dist/index.js
        this.nodeModules = options.everythingJs().toAbsolutePath().getParent().getParent().getParent().getParent();
    }

    void run() throws Exception {
        Files.createDirectories(dir);
        InspectorLoad inspector = new InspectorLoad(options.node(), nodeModules.resolve("@modelcontextprotocol/inspector"),
                dir.resolve("inspector-home"));
        node.put("clients", settings.clients()).put("rounds", settings.rounds()).put("roundSeconds", settings.seconds())
                .put("warmupSeconds", settings.warmup()).put("jitWarmupSeconds", options.jitWarmup())
                .put("inspector", inspector.version()).put("mcpHub", McpHub.version(nodeModules.resolve("mcp-hub")))
                .put("gatewayJvmOpts", String.join(" ", options.gatewayJvmOpts()));
        Servers.Backend everything = servers.startEverything();
        Servers.Gateway caravan = null;
        McpHub.Hub hub = null;
        try {
            Path config = Servers.configFile(dir, "gateway-peers.yaml");
            servers.writeConfig(config, List.of(everything));
            caravan = servers.startGateway("gateway-peers", config);
            Ready.awaitInitialize(caravan.proc(), caravan.url(), 90);
            Ready.awaitTools(caravan.proc(), caravan.url(), toolCount(everything), 120);
            hub = McpHub.start(options.node(), nodeModules.resolve("mcp-hub"), everything.name(), everything.url(), dir);

            List<Target> targets = List.of(
                    new Target("direct", everything.url(), "http", "streamable HTTP (server-everything's /mcp)", "-",
                            "echo", null),
                    new Target("Caravan", caravan.url(), "http", "streamable HTTP (/mcp)", "streamable HTTP",
                            everything.name() + "_echo", caravan.proc()),
                    new Target("mcp-hub", hub.sseUrl(), "sse", "HTTP+SSE (GET /mcp, POST /messages)",
                            "streamable HTTP (one session shared by all clients)", hub.tool("echo"), hub.proc()));
            jitWarmup(caravan, "{\"name\":\"" + targets.get(1).tool + "\",\"arguments\":" + ARGUMENTS + "}");

            long warmupErrors = 0;
            for (Target t : targets) {
                if (settings.warmup() > 0) {
                    InspectorLoad.Result r = inspector.run(t.url, t.inspectorTransport, t.tool, ARGUMENTS,
                            settings.clients(), settings.warmup(), dir.resolve("warmup-" + t.name + ".log"));
                    warmupErrors += r.failed();
                    Log.info(String.format("peers warm-up %s: %.0f calls/s, %d failed", t.name, r.throughput(),
                            r.failed()));
                }
            }
            node.putObject("warmup").put("errors", warmupErrors);

            for (int round = 0; round < settings.rounds(); round++) {
                for (int k = 0; k < targets.size(); k++) {
                    // rotate: round r starts with target r, so each target runs in each position equally often
                    Target t = targets.get((round + k) % targets.size());
                    measure(inspector, t, everything.proc(), round);
                }
            }
            ArrayNode out = node.putArray("targets");
            double direct = throughput(targets.get(0).runs);
            for (Target t : targets) {
                out.add(summary(t, direct));
            }
        } finally {
            if (hub != null) {
                hub.proc().close();
            }
            if (caravan != null) {
                servers.stop(caravan.proc());
            }
            servers.stop(everything.proc());
        }
    }

    /** A fresh JVM needs load before its numbers settle: the same JIT warm-up the main gateway gets. */
    private void jitWarmup(Servers.Gateway caravan, String params) throws Exception {
        List<McpClient> clients = Bench.open(caravan.url(), 10, options.timeoutMillis());
        try {
            LoadRun.Result r = LoadRun.run(clients, params, options.jitWarmup(), 0);
            ObjectNode jit = node.putObject("caravanJitWarmup").put("seconds", options.jitWarmup())
                    .put("calls", r.calls()).put("errors", r.errors());
            Report.addErrors(jit, r);
        } finally {
            Bench.closeAll(clients);
        }
    }

    private void measure(InspectorLoad inspector, Target t, Proc backend, int round) throws Exception {
        double p0 = t.proxy == null ? 0 : t.proxy.cpuSeconds(), b0 = backend.cpuSeconds();
        InspectorLoad.Result r = inspector.run(t.url, t.inspectorTransport, t.tool, ARGUMENTS, settings.clients(),
                settings.seconds(), dir.resolve("round-" + (round + 1) + "-" + t.name + ".log"));
        t.proxyCpu += t.proxy == null ? 0 : t.proxy.cpuSeconds() - p0;
        t.backendCpu += backend.cpuSeconds() - b0;
        t.runs.add(r);
        Log.info(String.format("peers round %d %s: %.0f calls/s, p50 %.2f ms, p99 %.2f ms, %d failed", round + 1,
                t.name, r.throughput(), r.p50(), r.p99(), r.failed()));
    }

    private ObjectNode summary(Target t, double directThroughput) {
        ObjectNode s = McpClient.JSON.createObjectNode();
        List<InspectorLoad.Result> runs = t.runs;
        long calls = 0, failed = 0;
        double clientCpu = 0;
        List<String> messages = new ArrayList<>();
        ArrayNode rounds = McpClient.JSON.createArrayNode();
        for (InspectorLoad.Result r : runs) {
            calls += r.calls();
            failed += r.failed();
            clientCpu += r.clientCpuSeconds();
            r.errorMessages().stream().limit(5 - Math.min(5, messages.size())).forEach(messages::add);
            rounds.addObject().put("calls", r.calls()).put("failed", r.failed()).put("elapsedMs", r.elapsedMs())
                    .put("throughput", Phases.round(r.throughput())).put("p50", r.p50()).put("p90", r.p90())
                    .put("p99", r.p99()).put("clientCpuSeconds", Phases.round(r.clientCpuSeconds()));
        }
        double throughput = throughput(runs);
        double perCallMs = calls == 0 ? 0 : 1000.0 / calls;
        s.put("target", t.name).put("url", t.url.toString()).put("frontDoor", t.frontDoor)
                .put("toBackend", t.toBackend).put("tool", t.tool).put("calls", calls).put("errors", failed)
                .put("throughput", Phases.round(throughput))
                .put("ratioToDirect", Phases.round(throughput / Math.max(1e-9, directThroughput)));
        s.putObject("latencyMs").put("p50", median(runs, InspectorLoad.Result::p50))
                .put("p90", median(runs, InspectorLoad.Result::p90)).put("p99", median(runs, InspectorLoad.Result::p99));
        if (t.proxy != null) {
            s.put("proxyCpuMsPerCall", Phases.round(t.proxyCpu * perCallMs));
        }
        s.put("backendCpuMsPerCall", Phases.round(t.backendCpu * perCallMs))
                .put("clientCpuMsPerCall", Phases.round(clientCpu * perCallMs));
        if (!messages.isEmpty()) {
            s.putPOJO("errorMessages", messages);
        }
        s.set("rounds", rounds);
        return s;
    }

    /** The tools Caravan lists for this backend: as its catalog asks (see {@link McpClient#initializeAsCatalog}). */
    private int toolCount(Servers.Backend backend) throws IOException {
        try (McpClient c = new McpClient(backend.url(), options.timeoutMillis()).initializeAsCatalog()) {
            int n = Ready.listTools(c).tools();
            c.delete();
            return n;
        }
    }

    /** Successful calls over the time of all the target's runs. */
    private static double throughput(List<InspectorLoad.Result> runs) {
        long calls = 0;
        double ms = 0;
        for (InspectorLoad.Result r : runs) {
            calls += r.calls();
            ms += r.elapsedMs();
        }
        return ms <= 0 ? 0 : calls * 1000.0 / ms;
    }

    /** The Inspector reports percentiles per run; over the rounds the median of them is kept. */
    private static double median(List<InspectorLoad.Result> runs, java.util.function.ToDoubleFunction<InspectorLoad.Result> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        int n = v.length;
        return n == 0 ? 0 : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The version in an installed npm package's package.json, or "?". */
    static String packageVersion(Path packageDir) {
        try {
            return McpClient.JSON.readTree(packageDir.resolve("package.json").toFile()).path("version").asText("?");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
