package bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The echo case at 10 clients for several proxies in one run, so their CPU per call can be
 * compared without the drift between runs: this gateway, an earlier build of it
 * ({@code --baseline-jar}), and two floors ({@code --floor}): Camel's own minimal proxy
 * ({@link CamelFloor}) and a proxy that never leaves the event loop ({@link VertxFloor}).
 * Each new process gets the JIT warm-up the gateway got; then every round runs each target once,
 * the order reversed every other round, so none is always first or last.
 */
final class SideBySide {

    private static final int CLIENTS = 10;
    private static final String GATEWAY_TOOL = "echo_echo";

    private record Target(String name, String about, Proc proc, URI url, String tool, List<Double> cpuPerCall,
                          List<LoadRun.Result> runs) {

        Target(String name, String about, Proc proc, URI url, String tool) {
            this(name, about, proc, url, tool, new ArrayList<>(), new ArrayList<>());
        }
    }

    private final Options options;
    private final Servers servers;
    private final ObjectNode report;
    private final Servers.Backend echo;
    private final Servers.Gateway gateway;
    private final Path config;

    SideBySide(Options options, Servers servers, ObjectNode report, Servers.Backend echo, Servers.Gateway gateway,
               Path config) {
        this.options = options;
        this.servers = servers;
        this.report = report;
        this.echo = echo;
        this.gateway = gateway;
        this.config = config;
    }

    void run() throws Exception {
        ObjectNode node = report.putObject("sideBySide").put("clients", CLIENTS).put("rounds", options.rounds())
                .put("roundSeconds", options.duration()).put("jitWarmupSeconds", options.jitWarmup());
        List<Target> targets = new ArrayList<>();
        List<Proc> started = new ArrayList<>();
        List<List<McpClient>> clients = new ArrayList<>();
        try {
            targets.add(new Target("caravan", "this build (" + options.commit() + ")", gateway.proc(), gateway.url(),
                    GATEWAY_TOOL));
            if (options.baselineJar() != null) {
                Servers.Gateway base = servers.startGateway("gateway-baseline", config, options.baselineJar());
                started.add(base.proc());
                Ready.awaitInitialize(base.proc(), base.url(), 90);
                awaitTool(base, GATEWAY_TOOL, 120);
                targets.add(new Target("baseline", "`" + options.baselineJar() + "`", base.proc(), base.url(), GATEWAY_TOOL));
            }
            if (options.floor()) {
                addFloor(targets, started, "camel-floor", CamelFloor.class, "platform-http → camel-http, Camel's defaults");
                addFloor(targets, started, "vertx-floor", VertxFloor.class,
                        "Vert.x server → Vert.x client, one event loop, no worker, no Camel, no MCP");
            }
            for (Target t : targets) {
                clients.add(Bench.open(t.url(), CLIENTS, options.timeoutMillis()));
            }
            ObjectNode warmup = node.putObject("warmup").put("errors", 0);
            for (int i = 0; i < targets.size(); i++) {
                // the gateway had its JIT warm-up already; the others get the same
                double seconds = started.contains(targets.get(i).proc()) ? options.jitWarmup() : options.warmup();
                LoadRun.Result warm = LoadRun.run(clients.get(i), params(targets.get(i)), seconds, 0);
                Report.addErrors(warmup, warm);
                warmup.put("errors", warmup.path("errors").asLong() + warm.errors());
            }
            for (int round = 0; round < options.rounds(); round++) {
                for (int k = 0; k < targets.size(); k++) {
                    int i = round % 2 == 0 ? k : targets.size() - 1 - k;
                    Target t = targets.get(i);
                    double cpu0 = t.proc().cpuSeconds();
                    LoadRun.Result r = LoadRun.run(clients.get(i), params(t), options.duration(), 0);
                    double cpu = t.proc().cpuSeconds() - cpu0;
                    t.runs().add(r);
                    t.cpuPerCall().add(r.calls() == 0 ? 0 : cpu * 1000 / r.calls());
                }
            }
        } finally {
            clients.forEach(Bench::closeAll);
            // the phases after this one measure the gateway alone
            started.forEach(servers::stop);
        }
        ArrayNode rows = node.putArray("targets");
        double baseline = targets.stream().filter(t -> t.name().equals("baseline")).findFirst()
                .map(SideBySide::meanCpu).orElse(0.0);
        StringBuilder line = new StringBuilder("side by side, echo c=" + CLIENTS + ", CPU ms per call:");
        for (Target t : targets) {
            LoadRun.Result all = LoadRun.Result.merge(t.runs());
            ObjectNode row = rows.addObject().put("target", t.name()).put("about", t.about()).put("tool", t.tool())
                    .put("calls", all.calls()).put("errors", all.errors())
                    .put("throughput", Phases.round(all.throughput()))
                    .put("cpuMsPerCall", Phases.round4(meanCpu(t)));
            row.set("latencyMs", Report.stats(Stats.of(all.latencies())));
            ArrayNode perRound = row.putArray("cpuMsPerCallRounds");
            t.cpuPerCall().forEach(v -> perRound.add(Phases.round4(v)));
            if (baseline > 0) {
                row.put("cpuToBaseline", Phases.round(meanCpu(t) / baseline));
            }
            Report.addErrors(row, all);
            line.append(String.format(java.util.Locale.ROOT, " %s %.4f", t.name(), meanCpu(t)));
        }
        Log.info(line.toString());
    }

    private void addFloor(List<Target> targets, List<Proc> started, String name, Class<?> main, String about)
            throws Exception {
        Servers.Gateway floor = servers.startFloor(name, main, echo);
        started.add(floor.proc());
        Ready.awaitInitialize(floor.proc(), floor.url(), 60);
        targets.add(new Target(name, about, floor.proc(), floor.url(), "echo"));
    }

    /**
     * Waits until a call of {@code tool} succeeds: an earlier build may list more or fewer of a
     * backend's tools than this one, so the count of tools cannot tell when it is ready.
     */
    private void awaitTool(Servers.Gateway gw, String tool, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        try (McpClient c = new McpClient(gw.url(), options.timeoutMillis()).initialize()) {
            while (true) {
                try {
                    c.callTool(Phases.callParams(tool));
                    c.delete();
                    return;
                } catch (IOException e) {
                    Ready.checkAlive(gw.proc());
                    if (System.nanoTime() > deadline) {
                        throw new IOException(gw.proc().name + " did not answer a call of " + tool + " within "
                                + timeoutSeconds + " s (last: " + e.getMessage() + ")", e);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    private static String params(Target t) {
        return Phases.callParams(t.tool());
    }

    /** The mean of the rounds' figures: each round weighs the same, however many calls it made. */
    private static double meanCpu(Target t) {
        return t.cpuPerCall().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
