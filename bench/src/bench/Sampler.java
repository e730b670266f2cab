package bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The runs of one target (direct or through the gateway) within a case, and the CPU that the
 * gateway, the backend and the load generator itself spent during exactly those runs.
 */
final class Sampler {

    private static final long SELF = ProcessHandle.current().pid();

    private final Proc gateway;
    private final Proc backend;
    private final List<LoadRun.Result> runs = new ArrayList<>();
    private double gatewayCpu, backendCpu, loadgenCpu;

    Sampler(Proc gateway, Proc backend) {
        this.gateway = gateway;
        this.backend = backend;
    }

    void run(List<McpClient> clients, String params, double seconds, long budget) throws InterruptedException {
        double g0 = gateway.cpuSeconds(), b0 = backend.cpuSeconds(), l0 = Proc.cpuSecondsOf(SELF, "bench");
        runs.add(LoadRun.run(clients, params, seconds, budget));
        gatewayCpu += gateway.cpuSeconds() - g0;
        backendCpu += backend.cpuSeconds() - b0;
        loadgenCpu += Proc.cpuSecondsOf(SELF, "bench") - l0;
    }

    /** Calls, throughput, latency and CPU per 1,000 calls; the gateway's CPU only for gateway runs. */
    ObjectNode toJson(ObjectNode node, boolean viaGateway) {
        LoadRun.Result all = LoadRun.Result.merge(runs);
        double perK = all.calls() == 0 ? 0 : 1000.0 / all.calls();
        node.put("calls", all.calls()).put("errors", all.errors()).put("seconds", Phases.round(all.wallNanos() / 1e9))
                .put("throughput", Phases.round(all.throughput()));
        node.set("latencyMs", Report.stats(Stats.of(all.latencies())));
        if (viaGateway) {
            node.put("gatewayCpuSecondsPer1000", Phases.round(gatewayCpu * perK));
        }
        node.put("backendCpuSecondsPer1000", Phases.round(backendCpu * perK))
                .put("loadgenCpuSecondsPer1000", Phases.round(loadgenCpu * perK));
        Report.addErrors(node, all);
        return node;
    }
}
