package bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The measurements, in the order Bench runs them. Holds the running processes between phases:
 * the echo backend, server-everything (replaced before each of its cases), and the gateway.
 */
final class Phases {

    private static final String MESSAGE = "hello from caravan-bench";

    private final Options options;
    private final Servers servers;
    private final Path tmp;
    private final ObjectNode report;
    private final Path mainConfig;
    private Servers.Backend echo;
    private Servers.Backend everything;
    private Servers.Gateway gateway;

    Phases(Options options, Servers servers, Path tmp, ObjectNode report) throws IOException {
        this.options = options;
        this.servers = servers;
        this.tmp = tmp;
        this.report = report;
        this.mainConfig = Servers.configFile(tmp, "gateway.yaml");
    }

    /** Backends up, then the gateway started {@code startups} times; the last one stays. */
    void start() throws Exception {
        echo = servers.startEcho();
        int tools = 1;
        if (options.backends().contains("everything")) {
            everything = servers.startEverything();
            // counted as the gateway's catalog asks: a client that can do everything the gateway relays
            try (McpClient c = new McpClient(everything.url(), options.timeoutMillis()).initializeAsCatalog()) {
                int n = Ready.listTools(c).tools();
                report.withObject("/backends").put("everythingTools", n);
                tools += n;
                c.delete();
            }
        }
        servers.writeConfig(mainConfig, mainBackends());
        ObjectNode startup = report.putObject("startup").put("expectedTools", tools);
        ArrayNode samples = startup.putArray("samples");
        List<Double> ready = new ArrayList<>(), catalog = new ArrayList<>();
        for (int i = 1; i <= options.startups(); i++) {
            boolean last = i == options.startups();
            Servers.Gateway gw = servers.startGateway(last ? "gateway" : "gateway-start-" + i, mainConfig);
            double r = Ready.awaitInitialize(gw.proc(), gw.url(), 90);
            double c = Ready.awaitTools(gw.proc(), gw.url(), tools, 120);
            samples.addObject().put("readyMs", round(r)).put("catalogReadyMs", round(c));
            ready.add(r);
            catalog.add(c);
            Log.info("gateway start " + i + ": ready after " + Math.round(r) + " ms, all " + tools
                    + " tools listed after " + Math.round(c) + " ms");
            if (last) {
                gateway = gw;
            } else {
                servers.stop(gw.proc());
            }
        }
        startup.put("readyMsMedian", round(median(ready))).put("catalogReadyMsMedian", round(median(catalog)));
    }

    /** Load through the gateway before anything is measured, so the JIT has compiled the hot path. */
    void jitWarmup() throws Exception {
        ObjectNode node = report.putObject("jitWarmup").put("seconds", options.jitWarmup());
        long calls = 0, errors = 0;
        for (String backend : options.backends()) {
            List<McpClient> clients = Bench.open(gateway.url(), 10, options.timeoutMillis());
            try {
                LoadRun.Result r = LoadRun.run(clients, toolParams(backend, true), options.jitWarmup(), 0);
                calls += r.calls();
                errors += r.errors();
                Report.addErrors(node, r);
            } finally {
                Bench.closeAll(clients);
            }
        }
        node.put("calls", calls).put("errors", errors).put("gatewayRssMb", mb(gateway.proc().rssBytes()));
    }

    /** The echo case's proxies side by side in one run ({@link SideBySide}). */
    void sideBySide() throws Exception {
        new SideBySide(options, servers, report, echo, gateway, mainConfig).run();
    }

    /** One backend at one concurrency: warm-up, then rounds of direct and gateway runs in ABBA order. */
    ObjectNode loadCase(String backendName, int clients) throws Exception {
        if (backendName.equals("everything")) {
            freshEverything();
        }
        Servers.Backend backend = backendName.equals("echo") ? echo : everything;
        ObjectNode node = McpClient.JSON.createObjectNode().put("backend", backendName).put("clients", clients);
        List<McpClient> direct = Bench.open(backend.url(), clients, options.timeoutMillis());
        List<McpClient> viaGateway = new ArrayList<>();
        try {
            viaGateway.addAll(Bench.open(gateway.url(), clients, options.timeoutMillis()));
            String directParams = toolParams(backendName, false), gatewayParams = toolParams(backendName, true);
            ObjectNode warm = node.putObject("warmup").put("seconds", options.warmup());
            LoadRun.Result wd = LoadRun.run(direct, directParams, options.warmup(), 0);
            LoadRun.Result wg = LoadRun.run(viaGateway, gatewayParams, options.warmup(), 0);
            warm.put("errors", wd.errors() + wg.errors());
            Report.addErrors(warm, wd);
            Report.addErrors(warm, wg);
            node.put("gatewayRssAfterWarmupMb", mb(gateway.proc().rssBytes()));

            Sampler d = new Sampler(gateway.proc(), backend.proc()), g = new Sampler(gateway.proc(), backend.proc());
            for (int round = 0; round < options.rounds(); round++) {
                // ABBA: each target runs first as often as second, so drift and cache effects cancel out
                boolean directFirst = round % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    if ((k == 0) == directFirst) {
                        d.run(direct, directParams, options.duration(), 0);
                    } else {
                        g.run(viaGateway, gatewayParams, options.duration(), 0);
                    }
                }
            }
            ObjectNode dn = d.toJson(node.putObject("direct"), false);
            ObjectNode gn = g.toJson(node.putObject("gateway"), true);
            node.put("throughputRatio", round(gn.path("throughput").asDouble() / Math.max(1e-9, dn.path("throughput").asDouble())));
            ObjectNode added = node.putObject("addedMs");
            for (String p : List.of("p50", "p90", "p99")) {
                added.put(p, round(gn.path("latencyMs").path(p).asDouble() - dn.path("latencyMs").path(p).asDouble()));
            }
            Log.info(String.format("%s c=%d: direct %.0f/s p50 %.2f ms, gateway %.0f/s p50 %.2f ms, ratio %.2f",
                    backendName, clients, dn.path("throughput").asDouble(), dn.path("latencyMs").path("p50").asDouble(),
                    gn.path("throughput").asDouble(), gn.path("latencyMs").path("p50").asDouble(),
                    node.path("throughputRatio").asDouble()));
        } finally {
            Bench.closeAll(direct);
            Bench.closeAll(viaGateway);
        }
        return node;
    }

    /** RSS of the gateway after warm-up and after a fixed number of calls (echo backend). */
    void soak() throws Exception {
        ObjectNode node = report.putObject("soak").put("clients", options.soakClients())
                .put("targetCalls", options.soakCalls());
        List<McpClient> clients = Bench.open(gateway.url(), options.soakClients(), options.timeoutMillis());
        try {
            String params = toolParams("echo", true);
            LoadRun.Result warm = LoadRun.run(clients, params, options.warmup(), 0);
            node.putObject("warmup").put("errors", warm.errors());
            node.put("rssAfterWarmupMb", mb(gateway.proc().rssBytes()));
            Sampler s = new Sampler(gateway.proc(), echo.proc());
            s.run(clients, params, Double.POSITIVE_INFINITY, options.soakCalls());
            s.toJson(node.putObject("run"), true);
            node.put("rssAfterCallsMb", mb(gateway.proc().rssBytes()));
        } finally {
            Bench.closeAll(clients);
        }
        Log.info("soak: RSS " + node.path("rssAfterWarmupMb") + " MB after warm-up, " + node.path("rssAfterCallsMb")
                + " MB after " + node.path("run").path("calls") + " calls");
    }

    /**
     * Memory of idle client sessions (no GET stream open): live heap after a full GC and RSS,
     * before, with the sessions open, and after they were ended again (a leak shows there).
     */
    void idleSessions() throws Exception {
        int n = options.idleSessions();
        ObjectNode node = report.putObject("idleSessions").put("sessions", n);
        Proc gw = gateway.proc();
        Long heapBefore = LiveHeap.bytes(options.gatewayJdk(), gw);
        long rssBefore = gw.rssBytes();
        List<McpClient> sessions = new ArrayList<>(n);
        // a few connections for all sessions: the figure is per session, not per socket
        List<HttpConnection> connections = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            connections.add(new HttpConnection(gateway.url(), options.timeoutMillis()));
        }
        Long heapOpen;
        long rssOpen;
        try {
            for (int i = 0; i < n; i++) {
                sessions.add(new McpClient(connections.get(i % connections.size()), gateway.url()).initialize());
            }
            heapOpen = LiveHeap.bytes(options.gatewayJdk(), gw);
            rssOpen = gw.rssBytes();
        } finally {
            Bench.closeAll(sessions);
            connections.forEach(HttpConnection::close);
        }
        Long heapEnded = LiveHeap.bytes(options.gatewayJdk(), gw);
        // informational only: every jcmd histogram is a full GC, after which the JVM may shrink its heap
        node.put("rssBeforeMb", mb(rssBefore)).put("rssOpenMb", mb(rssOpen));
        if (heapBefore != null && heapOpen != null && heapEnded != null) {
            node.put("liveHeapBeforeMb", mb(heapBefore)).put("liveHeapOpenMb", mb(heapOpen))
                    .put("liveHeapEndedMb", mb(heapEnded))
                    .put("liveHeapPerSessionKb", round((heapOpen - heapBefore) / 1024.0 / n));
        }
        node.put("errors", 0);
        Log.info("idle sessions: " + n + " sessions, live heap per session " + node.path("liveHeapPerSessionKb") + " KB");
    }

    /** tools/call latency with many GET streams open against none ({@link GetStreams}). */
    void getStreams() throws Exception {
        GetStreams.run(options, gateway, echo, toolParams("echo", true), report.putObject("getStreams"));
    }

    /** Many calls in flight at once to a slow backend, through a gateway of their own ({@link SlowCalls}). */
    void slowCalls() throws Exception {
        SlowCalls.run(options, servers, tmp, echo, report.putObject("slowCalls"));
    }

    /** A second gateway in front of B generated backends x T tools: start-up and tools/list latency. */
    void catalog() throws Exception {
        servers.stop(gateway.proc());
        int expected = options.catalogBackends() * options.catalogTools();
        ObjectNode node = report.putObject("catalog").put("backends", options.catalogBackends())
                .put("toolsPerBackend", options.catalogTools()).put("tools", expected);
        Path config = Servers.configFile(tmp, "gateway-catalog.yaml");
        servers.writeConfig(config, servers.generated(echo));
        Servers.Gateway gw = servers.startGateway("gateway-catalog", config);
        node.put("readyMs", round(Ready.awaitInitialize(gw.proc(), gw.url(), 90)));
        node.put("catalogReadyMs", round(Ready.awaitTools(gw.proc(), gw.url(), expected, 180)));
        long errors = 0;
        try (McpClient client = new McpClient(gw.url(), options.timeoutMillis()).initialize()) {
            long warmEnd = System.nanoTime() + (long) (options.warmup() * 1e9);
            while (System.nanoTime() < warmEnd) {
                Ready.listTools(client);
            }
            long[] listings = new long[options.listIterations()];
            List<Long> pages = new ArrayList<>();
            for (int i = 0; i < listings.length; i++) {
                Ready.Listing l = Ready.listTools(client);
                if (l.tools() != expected) {
                    errors++;
                }
                listings[i] = l.totalNanos();
                for (long p : l.pageNanos()) {
                    pages.add(p);
                }
                node.put("pagesPerListing", l.pageNanos().length);
            }
            java.util.Arrays.sort(listings);
            long[] pageArray = pages.stream().mapToLong(Long::longValue).sorted().toArray();
            node.set("listingMs", Report.stats(Stats.of(listings)));
            node.set("pageMs", Report.stats(Stats.of(pageArray)));
            node.put("errors", errors).put("gatewayRssMb", mb(gw.proc().rssBytes()));
            client.delete();
        } finally {
            servers.stop(gw.proc());
        }
        Log.info("tools/list of " + expected + " tools: p50 " + node.path("listingMs").path("p50") + " ms, p99 "
                + node.path("listingMs").path("p99") + " ms over " + node.path("pagesPerListing") + " pages");
    }

    /** Replaces server-everything with a fresh process and waits until the gateway calls the new one. */
    private void freshEverything() throws Exception {
        servers.stop(everything.proc());
        everything = servers.startEverything();
        servers.writeConfig(mainConfig, mainBackends());
        long deadline = System.nanoTime() + 60_000_000_000L;
        String params = toolParams("everything", true);
        String last = "";
        try (McpClient c = new McpClient(gateway.url(), options.timeoutMillis()).initialize()) {
            while (System.nanoTime() < deadline) {
                try {
                    c.callTool(params);
                    c.delete();
                    return;
                } catch (McpClient.CallFailure e) {
                    last = e.getMessage();
                }
                Ready.checkAlive(gateway.proc());
                Thread.sleep(100);
            }
        }
        throw new IOException("the gateway did not reach the restarted server-everything within 60 s (config "
                + mainConfig + "); last answer: " + last);
    }

    private List<Servers.Backend> mainBackends() {
        List<Servers.Backend> list = new ArrayList<>(List.of(echo));
        if (everything != null) {
            list.add(everything);
        }
        return list;
    }

    /** The same tool for both targets: {@code echo} directly, {@code <backend>_echo} through the gateway. */
    private static String toolParams(String backend, boolean viaGateway) {
        return callParams(viaGateway ? backend + "_echo" : "echo");
    }

    /** The arguments of every measured tools/call: the tool's name and a short message. */
    static String callParams(String tool) {
        return "{\"name\":\"" + tool + "\",\"arguments\":{\"message\":\"" + MESSAGE + "\"}}";
    }

    static double mb(long bytes) {
        return round(bytes / (1024.0 * 1024.0));
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    static double round4(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
