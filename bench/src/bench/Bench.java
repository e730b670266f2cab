package bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark driver: starts the backends and the gateway, runs every phase, and writes
 * {@code <out>/<timestamp>.json}, {@code .md} and {@code .png}. The JSON is the record; the table
 * and the plot are drawn from it (and can be redrawn with {@code --render}). Exits 1 when any
 * call failed or a phase could not run, 2 on bad options.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.print(Options.USAGE + Peers.Settings.USAGE);
            return;
        }
        Options options;
        Peers.Settings peers;
        try {
            List<String> rest = new ArrayList<>();
            peers = Peers.Settings.parse(args, rest);
            options = Options.parse(rest.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.render() != null) {
            ObjectNode report = (ObjectNode) McpClient.JSON.readTree(options.render().toFile());
            String base = options.render().toString().replaceFirst("\\.json$", "");
            Report.write(report, Path.of(base + ".md"), Path.of(base + ".png"));
            System.out.println("redrew " + base + ".md and .png");
            return;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path tmp = options.out().resolve("tmp").resolve(stamp);
        Files.createDirectories(tmp);
        ObjectNode report = Report.header(options, stamp);
        ArrayNode failures = report.putArray("failures");
        Log.info("logs and configs: " + tmp);

        try (Servers servers = new Servers(options, tmp)) {
            // an aborted run (SIGTERM, Ctrl-C) must not leave backends and gateways behind
            Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "bench-stop-servers"));
            Phases phases = new Phases(options, servers, tmp, report);
            runPhase(failures, "set-up and gateway start", phases::start);
            if (failures.isEmpty()) {
                runPhase(failures, "JIT warm-up", phases::jitWarmup);
                ArrayNode cases = report.putArray("cases");
                for (String backend : options.backends()) {
                    for (int clients : options.concurrency()) {
                        runPhase(failures, backend + " at " + clients + " clients",
                                () -> cases.add(phases.loadCase(backend, clients)));
                    }
                }
                if (options.backends().contains("echo") && (options.floor() || options.baselineJar() != null)) {
                    runPhase(failures, "side by side: " + (options.baselineJar() != null ? "this build, the baseline" : "this build")
                            + (options.floor() ? ", the two floors" : ""), phases::sideBySide);
                }
                if (options.getStreams() > 0) {
                    runPhase(failures, options.getStreams() + " open GET streams", phases::getStreams);
                }
                if (peers.rounds() > 0) {
                    runPhase(failures, "peers: direct, Caravan and mcp-hub under the Inspector's --load",
                            () -> new Peers(options, peers, servers, tmp, report).run());
                }
                runPhase(failures, "soak", phases::soak);
                runPhase(failures, "idle sessions", phases::idleSessions);
                runPhase(failures, "slow calls", phases::slowCalls);
                runPhase(failures, "tools/list catalog", phases::catalog);
            }
        }

        ((ObjectNode) report.path("machine")).put("loadAverageAtEnd", Report.loadAverage());
        long errors = Report.totalErrors(report);
        report.put("totalErrors", errors);
        Path json = options.out().resolve(stamp + ".json");
        McpClient.JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
        Report.write(report, options.out().resolve(stamp + ".md"), options.out().resolve(stamp + ".png"));
        System.out.println();
        System.out.print(Files.readString(options.out().resolve(stamp + ".md")));
        System.out.println();
        System.out.println("results: " + json + " (+ .md, .png); logs: " + tmp);
        boolean ok = failures.isEmpty() && errors == 0;
        System.out.println("bench " + options.mode() + " " + (ok ? "OK" : "FAILED") + ": "
                + report.path("cases").size() + " load cases, " + errors + " failed calls, " + failures.size()
                + " phases failed");
        System.exit(ok ? 0 : 1);
    }

    interface Phase {
        void run() throws Exception;
    }

    private static void runPhase(ArrayNode failures, String name, Phase phase) {
        Log.info("== " + name);
        try {
            phase.run();
        } catch (Exception e) {
            String message = name + ": " + (e.getMessage() == null ? e.getClass().getName() : e.getMessage());
            Log.info("FAILED " + message);
            failures.add(message);
        }
    }

    /** Opens and initializes {@code n} client sessions, each on its own connection. */
    static List<McpClient> open(URI url, int n, int timeoutMillis) throws IOException {
        List<McpClient> clients = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                clients.add(new McpClient(url, timeoutMillis).initialize());
            }
        } catch (IOException e) {
            closeAll(clients);
            throw new IOException("cannot open client session " + (clients.size() + 1) + " of " + n + " on " + url
                    + ": " + e.getMessage(), e);
        }
        return clients;
    }

    /** Ends the sessions (DELETE) and closes their connections; failures here do not matter. */
    static void closeAll(List<McpClient> clients) {
        for (McpClient c : clients) {
            try {
                c.delete();
            } catch (IOException ignored) {
                // the server may be gone already; the connection closes either way
            }
            c.close();
        }
    }
}
