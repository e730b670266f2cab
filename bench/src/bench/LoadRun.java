package bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: every virtual client (an initialized {@link McpClient} on a thread of its
 * own) sends its next tools/call as soon as the previous one has answered, until the run's
 * deadline or call budget is used up. Latencies are kept whole, not bucketed, so percentiles
 * are exact.
 */
final class LoadRun {

    /** What one run did. Latencies are in nanoseconds, sorted. */
    record Result(long calls, long errors, Map<String, Long> errorKinds, List<String> errorSamples,
                  long wallNanos, long[] latencies) {

        double throughput() {
            return wallNanos == 0 ? 0 : calls * 1e9 / wallNanos;
        }

        static Result merge(List<Result> parts) {
            long calls = 0, errors = 0, wall = 0;
            Map<String, Long> kinds = new TreeMap<>();
            List<String> samples = new ArrayList<>();
            int n = 0;
            for (Result r : parts) {
                calls += r.calls;
                errors += r.errors;
                wall += r.wallNanos;
                r.errorKinds.forEach((k, v) -> kinds.merge(k, v, Long::sum));
                samples.addAll(r.errorSamples);
                n += r.latencies.length;
            }
            long[] all = new long[n];
            int at = 0;
            for (Result r : parts) {
                System.arraycopy(r.latencies, 0, all, at, r.latencies.length);
                at += r.latencies.length;
            }
            Arrays.sort(all);
            return new Result(calls, errors, kinds, samples.subList(0, Math.min(5, samples.size())), wall, all);
        }
    }

    private static final int MAX_SAMPLES = 5;

    private LoadRun() {
    }

    /**
     * Runs for {@code seconds} (may be infinite), or until {@code callBudget} calls have been
     * sent (0: no budget), whichever comes first.
     */
    static Result run(List<McpClient> clients, String toolParamsJson, double seconds, long callBudget)
            throws InterruptedException {
        int n = clients.size();
        long[][] latencies = new long[n][];
        int[] counts = new int[n];
        long[] errors = new long[n];
        Map<String, Long> kinds = new TreeMap<>();
        List<String> samples = new ArrayList<>();
        AtomicLong budget = new AtomicLong(callBudget > 0 ? callBudget : Long.MAX_VALUE);
        CountDownLatch start = new CountDownLatch(1);
        long[] deadline = new long[1];
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int me = i;
            McpClient client = clients.get(i);
            Thread t = new Thread(() -> {
                long[] mine = new long[4096];
                int count = 0;
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long end = deadline[0];
                while (System.nanoTime() - end < 0 && budget.getAndDecrement() > 0) {
                    long t0 = System.nanoTime();
                    try {
                        client.callTool(toolParamsJson);
                        long took = System.nanoTime() - t0;
                        if (count == mine.length) {
                            mine = Arrays.copyOf(mine, count * 2);
                        }
                        mine[count++] = took;
                    } catch (IOException | RuntimeException e) {
                        errors[me]++;
                        String kind = e instanceof McpClient.CallFailure f ? f.kind() : e.getClass().getSimpleName();
                        synchronized (kinds) {
                            kinds.merge(kind, 1L, Long::sum);
                            if (samples.size() < MAX_SAMPLES) {
                                samples.add(kind + ": " + e.getMessage());
                            }
                        }
                    }
                }
                latencies[me] = mine;
                counts[me] = count;
            }, "load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long t0 = System.nanoTime();
        // an infinite duration (a call budget only) saturates instead of overflowing
        deadline[0] = t0 + (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0);
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long wall = System.nanoTime() - t0;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(latencies[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        return new Result(total, Arrays.stream(errors).sum(), kinds, samples, wall, all);
    }
}
