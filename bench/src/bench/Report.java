package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The result record (JSON tree) and the Markdown table drawn from it. */
final class Report {

    private Report() {
    }

    static ObjectNode header(Options o, String stamp) {
        ObjectNode r = McpClient.JSON.createObjectNode();
        r.put("timestamp", stamp).put("mode", o.mode()).put("commit", o.commit());
        ObjectNode m = r.putObject("machine");
        m.put("cpus", Runtime.getRuntime().availableProcessors())
                .put("cpuModel", firstValue("/proc/cpuinfo", "model name"))
                .put("memTotalMb", Long.parseLong(firstValue("/proc/meminfo", "MemTotal").replaceAll("[^0-9]", "")) / 1024)
                .put("kernel", read("/proc/sys/kernel/osrelease"))
                .put("loadAverageAtStart", read("/proc/loadavg"));
        ObjectNode s = r.putObject("setup");
        s.put("gatewayJdk", o.gatewayJdkVersion())
                .put("gatewayJvmOpts", String.join(" ", o.gatewayJvmOpts()))
                .put("tracing", o.tracing())
                .put("loadGeneratorJdk", Options.describeJdk(Path.of(System.getProperty("java.home"))))
                .put("echoBackend", "routes.demo.EchoBackendMain (Vert.x, same jar), on the load generator's JDK")
                .put("serverEverything", packageVersion(o.everythingJs()))
                .put("node", o.node().toString());
        ObjectNode t = r.putObject("settings");
        t.put("jitWarmupSeconds", o.jitWarmup()).put("warmupSeconds", o.warmup()).put("roundSeconds", o.duration())
                .put("rounds", o.rounds()).put("soakCalls", o.soakCalls()).put("idleSessions", o.idleSessions())
                .put("listIterations", o.listIterations()).put("startups", o.startups()).put("getStreams", o.getStreams());
        t.putPOJO("concurrency", o.concurrency());
        r.putObject("backends");
        return r;
    }

    static JsonNode stats(Stats s) {
        return McpClient.JSON.createObjectNode().put("samples", s.samples()).put("mean", Phases.round(s.mean()))
                .put("p50", Phases.round(s.p50())).put("p90", Phases.round(s.p90())).put("p99", Phases.round(s.p99()))
                .put("max", Phases.round(s.max()));
    }

    static void addErrors(ObjectNode node, LoadRun.Result r) {
        if (r.errors() == 0) {
            return;
        }
        ObjectNode kinds = node.withObject("/errorKinds");
        r.errorKinds().forEach((k, v) -> kinds.put(k, kinds.path(k).asLong() + v));
        ArrayNode samples = node.withArray("errorSamples");
        for (String s : r.errorSamples()) {
            if (samples.size() < 5) {
                samples.add(s);
            }
        }
    }

    /** Every "errors" count anywhere in the record. */
    static long totalErrors(ObjectNode report) {
        long total = 0;
        for (JsonNode v : report.findValues("errors")) {
            if (v.isNumber()) {
                total += v.asLong();
            }
        }
        return total;
    }

    static void write(ObjectNode r, Path md, Path png) throws IOException {
        Files.writeString(md, markdown(r));
        Plot.draw(r, png);
    }

    static String markdown(ObjectNode r) {
        StringBuilder b = new StringBuilder();
        JsonNode m = r.path("machine"), s = r.path("setup"), t = r.path("settings");
        b.append("## Caravan benchmark ").append(r.path("timestamp").asText()).append(" (")
                .append(r.path("mode").asText()).append(" run, commit ").append(r.path("commit").asText()).append(")\n\n");
        b.append("- Machine: ").append(m.path("cpus").asInt()).append(" CPUs (").append(m.path("cpuModel").asText())
                .append("), ").append(m.path("memTotalMb").asLong() / 1024).append(" GiB RAM, Linux ")
                .append(m.path("kernel").asText()).append("; load average at start ")
                .append(m.path("loadAverageAtStart").asText()).append(", at end ")
                .append(m.path("loadAverageAtEnd").asText("?")).append(" (other work on the machine shows here)\n");
        b.append("- Gateway JDK: ").append(s.path("gatewayJdk").asText()).append("; JVM flags: `")
                .append(s.path("gatewayJvmOpts").asText().isEmpty() ? "(none)" : s.path("gatewayJvmOpts").asText())
                .append("`\n");
        b.append("- Load generator and echo backend JDK: ").append(s.path("loadGeneratorJdk").asText())
                .append("; server-everything ").append(s.path("serverEverything").asText()).append('\n');
        b.append(String.format(Locale.ROOT, "- Per case: %s s warm-up per target, then %d rounds of %s s per target, "
                        + "direct and gateway alternating (ABBA); JIT warm-up %s s before the first case\n\n",
                num(t.path("warmupSeconds")), t.path("rounds").asInt(), num(t.path("roundSeconds")),
                num(t.path("jitWarmupSeconds"))));

        b.append("| backend | clients | direct calls/s | gateway calls/s | gateway/direct | direct p50 / p90 / p99 ms "
                + "| gateway p50 / p90 / p99 ms | added p50 / p99 ms | gateway CPU s per 1k calls | gateway RSS MB | failed calls |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (JsonNode c : r.path("cases")) {
            JsonNode d = c.path("direct"), g = c.path("gateway");
            long errors = d.path("errors").asLong() + g.path("errors").asLong() + c.path("warmup").path("errors").asLong();
            b.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.2f | %s | %s | %s / %s | %.3f | %.0f | %d |\n",
                    c.path("backend").asText(), c.path("clients").asInt(), d.path("throughput").asDouble(),
                    g.path("throughput").asDouble(), c.path("throughputRatio").asDouble(), pcts(d), pcts(g),
                    ms(c.path("addedMs").path("p50")), ms(c.path("addedMs").path("p99")),
                    g.path("gatewayCpuSecondsPer1000").asDouble(), c.path("gatewayRssAfterWarmupMb").asDouble(), errors));
        }
        b.append('\n');
        JsonNode st = r.path("startup");
        if (!st.isMissingNode()) {
            b.append(String.format(Locale.ROOT, "- Start to ready (first initialize answered): median %.0f ms over %d "
                            + "start(s); all %d tools listed: median %.0f ms\n", st.path("readyMsMedian").asDouble(),
                    st.path("samples").size(), st.path("expectedTools").asInt(), st.path("catalogReadyMsMedian").asDouble()));
        }
        JsonNode jit = r.path("jitWarmup");
        if (!jit.isMissingNode()) {
            b.append(String.format(Locale.ROOT, "- JIT warm-up: %d calls through the gateway in %s s per backend; "
                            + "gateway RSS %.0f MB after it\n", jit.path("calls").asLong(), num(jit.path("seconds")),
                    jit.path("gatewayRssMb").asDouble()));
        }
        JsonNode so = r.path("soak");
        if (!so.isMissingNode()) {
            b.append(String.format(Locale.ROOT, "- Gateway RSS: %.0f MB after warm-up, %.0f MB after %d more calls "
                            + "(echo, %d clients; %.3f CPU s per 1k calls)\n", so.path("rssAfterWarmupMb").asDouble(),
                    so.path("rssAfterCallsMb").asDouble(), so.path("run").path("calls").asLong(),
                    so.path("clients").asInt(), so.path("run").path("gatewayCpuSecondsPer1000").asDouble()));
        }
        JsonNode idle = r.path("idleSessions");
        if (!idle.isMissingNode()) {
            // RSS is left out here: each jcmd run is a full GC after which the JVM may give memory
            // back, so an RSS difference says more about heap sizing than about sessions
            b.append(String.format(Locale.ROOT, "- %d idle client sessions: %s\n", idle.path("sessions").asInt(),
                    idle.has("liveHeapPerSessionKb")
                            ? String.format(Locale.ROOT, "live heap %.1f MB before, %.1f MB with them open (%.2f KB per "
                                    + "session), %.1f MB after they ended", idle.path("liveHeapBeforeMb").asDouble(),
                            idle.path("liveHeapOpenMb").asDouble(), idle.path("liveHeapPerSessionKb").asDouble(),
                            idle.path("liveHeapEndedMb").asDouble())
                            : "live heap not measured (the gateway's JDK has no jcmd)"));
        }
        JsonNode streams = r.path("getStreams");
        if (!streams.isMissingNode() && streams.has("with")) {
            b.append(String.format(Locale.ROOT, "- tools/call with %d other sessions holding a GET stream open (%s, %d clients): "
                            + "p50 %s -> %s ms (x%.2f), p99 %s -> %s ms (x%.2f), %.0f -> %.0f calls/s; gateway threads %d "
                            + "-> %d; %d streams ended early\n",
                    streams.path("streams").asInt(), streams.path("backend").asText(), streams.path("clients").asInt(),
                    ms(streams.path("none").path("latencyMs").path("p50")), ms(streams.path("with").path("latencyMs").path("p50")),
                    streams.path("p50Ratio").asDouble(), ms(streams.path("none").path("latencyMs").path("p99")),
                    ms(streams.path("with").path("latencyMs").path("p99")), streams.path("p99Ratio").asDouble(),
                    streams.path("none").path("throughput").asDouble(), streams.path("with").path("throughput").asDouble(),
                    streams.path("gatewayThreadsNone").asLong(), streams.path("gatewayThreadsWith").asLong(),
                    streams.path("streamsEndedEarly").asLong()));
        }
        JsonNode slow = r.path("slowCalls");
        if (!slow.isMissingNode()) {
            b.append(String.format(Locale.ROOT, "- %d tool calls at once to a backend that answers after %d ms (%d sessions): "
                            + "all done in %.1f s, %d failed, latency p50 / p99 %s / %s ms; gateway platform threads %d "
                            + "before, %d at peak; RSS %.0f MB before, %.0f MB at peak\n",
                    slow.path("calls").asInt(), slow.path("slowMs").asLong(), slow.path("sessions").asInt(),
                    slow.path("seconds").asDouble(), slow.path("errors").asLong(), ms(slow.path("latencyMs").path("p50")),
                    ms(slow.path("latencyMs").path("p99")), slow.path("gatewayThreadsBefore").asLong(),
                    slow.path("gatewayThreadsPeak").asLong(), slow.path("gatewayRssBeforeMb").asDouble(),
                    slow.path("gatewayRssPeakMb").asDouble()));
            if (slow.has("firstError")) {
                b.append("  - first error: ").append(slow.path("firstError").asText()).append('\n');
            }
        }
        JsonNode cat = r.path("catalog");
        if (!cat.isMissingNode()) {
            b.append(String.format(Locale.ROOT, "- tools/list with %d backends x %d tools (%d tools, %d pages): whole "
                            + "listing p50 / p90 / p99 %s ms, one page p50 / p99 %s / %s ms; gateway ready %.0f ms, "
                            + "all tools listed %.0f ms after start\n",
                    cat.path("backends").asInt(), cat.path("toolsPerBackend").asInt(), cat.path("tools").asInt(),
                    cat.path("pagesPerListing").asInt(), pcts(cat.path("listingMs")), ms(cat.path("pageMs").path("p50")),
                    ms(cat.path("pageMs").path("p99")), cat.path("readyMs").asDouble(), cat.path("catalogReadyMs").asDouble()));
        }
        b.append(sideBySide(r.path("sideBySide")));
        b.append(peers(r.path("peers")));
        JsonNode failures = r.path("failures");
        if (failures.size() > 0) {
            b.append("\nPhases that failed:\n");
            failures.forEach(f -> b.append("- ").append(f.asText()).append('\n'));
        }
        return b.toString();
    }

    /** The side-by-side phase ({@link SideBySide}): one row per proxy, same backend, same run. */
    private static String sideBySide(JsonNode p) {
        if (!p.has("targets")) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nSide by side in one run: echo, %d clients, %d rounds of %s s per target "
                        + "(order reversed every other round); a process started for it first gets %s s of load%n%n",
                p.path("clients").asInt(), p.path("rounds").asInt(), num(p.path("roundSeconds")),
                num(p.path("jitWarmupSeconds"))));
        b.append("| target | what | calls/s | p50 / p90 / p99 ms | CPU ms per call (mean of rounds) | each round "
                + "| CPU to the baseline | failed calls |\n");
        b.append("|---|---|---:|---:|---:|---|---:|---:|\n");
        for (JsonNode t : p.path("targets")) {
            StringBuilder rounds = new StringBuilder();
            t.path("cpuMsPerCallRounds").forEach(v -> rounds.append(rounds.isEmpty() ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%.3f", v.asDouble())));
            b.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %.4f | %s | %s | %d |%n",
                    t.path("target").asText(), t.path("about").asText(), t.path("throughput").asDouble(), pcts(t),
                    t.path("cpuMsPerCall").asDouble(), rounds,
                    t.has("cpuToBaseline") ? String.format(Locale.ROOT, "%.2f", t.path("cpuToBaseline").asDouble()) : "-",
                    t.path("errors").asLong()));
        }
        return b.toString();
    }

    /** The peers phase ({@link Peers}): one row per target, same client, same run. */
    private static String peers(JsonNode p) {
        if (!p.has("targets")) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nPeers, one independent client: MCP Inspector %s `--load` (%d calls in flight "
                        + "on one session, closed loop), tools/call `echo` of server-everything; %d rounds of %s s per "
                        + "target, order rotating; %s s uncounted warm-up per target; mcp-hub %s; Caravan JVM flags `%s`%n%n",
                p.path("inspector").asText(), p.path("clients").asInt(), p.path("rounds").asInt(),
                num(p.path("roundSeconds")), num(p.path("warmupSeconds")), p.path("mcpHub").asText(),
                p.path("gatewayJvmOpts").asText().isEmpty() ? "(none)" : p.path("gatewayJvmOpts").asText()));
        b.append("| target | front door | to the backend | tool | calls/s | ratio to direct | p50 / p90 / p99 ms "
                + "| gateway CPU ms per call | client CPU ms per call | failed calls |\n");
        b.append("|---|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (JsonNode t : p.path("targets")) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | `%s` | %.0f | %.2f | %s | %s | %.3f | %d |%n",
                    t.path("target").asText(), t.path("frontDoor").asText(), t.path("toBackend").asText(),
                    t.path("tool").asText(), t.path("throughput").asDouble(), t.path("ratioToDirect").asDouble(),
                    pcts(t), t.has("proxyCpuMsPerCall") ? String.format(Locale.ROOT, "%.3f", t.path("proxyCpuMsPerCall").asDouble()) : "-",
                    t.path("clientCpuMsPerCall").asDouble(), t.path("errors").asLong()));
        }
        return b.toString();
    }

    private static String pcts(JsonNode target) {
        JsonNode l = target.has("latencyMs") ? target.path("latencyMs") : target;
        return ms(l.path("p50")) + " / " + ms(l.path("p90")) + " / " + ms(l.path("p99"));
    }

    private static String ms(JsonNode v) {
        double d = v.asDouble();
        return String.format(Locale.ROOT, Math.abs(d) >= 10 ? "%.1f" : "%.2f", d);
    }

    private static String num(JsonNode v) {
        double d = v.asDouble();
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String firstValue(String file, String key) {
        for (String line : read(file).split("\n")) {
            if (line.startsWith(key)) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "?";
    }

    static String loadAverage() {
        return read("/proc/loadavg");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String packageVersion(Path everythingJs) {
        try {
            Path pkg = everythingJs.toAbsolutePath().getParent().getParent().resolve("package.json");
            return McpClient.JSON.readTree(pkg.toFile()).path("version").asText("?");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
