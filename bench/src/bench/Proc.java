package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the benchmark (a backend or a gateway) with its output in a log file, and
 * what Linux says about it: CPU time from /proc/&lt;pid&gt;/stat, resident memory from
 * /proc/&lt;pid&gt;/status. Every process is started directly (no shell), so the pid measured is
 * the server's own.
 */
final class Proc implements AutoCloseable {

    /** Clock ticks per second of /proc times; run.sh passes {@code getconf CLK_TCK}. */
    private static final double CLOCK_TICKS = Double.parseDouble(System.getProperty("bench.clkTck", "100"));

    final String name;
    final Path log;
    final long startNanos;
    private final Process process;

    private Proc(String name, Process process, Path log, long startNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startNanos = startNanos;
    }

    static Proc start(String name, List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = builder.start();
        return new Proc(name, p, log, t0);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** User plus system CPU seconds this process has used so far. */
    double cpuSeconds() {
        return cpuSecondsOf(pid(), name);
    }

    /** User plus system CPU seconds of any process, e.g. the benchmark's own (the load generator). */
    static double cpuSecondsOf(long pid, String name) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) is in parentheses and may hold spaces: split after it
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state); utime and stime are fields 14 and 15
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read CPU time of " + name + " (pid " + pid + ")", e);
        }
    }

    /** Resident set size in bytes. */
    long rssBytes() {
        return status("VmRSS:") * 1024;
    }

    /** Threads of the process (platform threads: a virtual thread is not one). */
    long threads() {
        return status("Threads:");
    }

    /** A number from {@code /proc/<pid>/status}, e.g. {@code VmRSS:} (in kB) or {@code Threads:}. */
    private long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + key + " of " + name + " (pid " + pid() + ")", e);
        }
        throw new IllegalStateException("no " + key + " for " + name + " (pid " + pid() + "): has it exited?");
    }

    /** The last lines of the log, for error messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL if it has not ended after the grace period. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
