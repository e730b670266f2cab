package bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Live heap of a JVM: {@code jcmd <pid> GC.class_histogram} runs a full GC and counts what is
 * still reachable, so the figure does not depend on when the collector last ran (RSS does).
 */
final class LiveHeap {

    private LiveHeap() {
    }

    /** Bytes of live objects, or null when the JDK has no jcmd. */
    static Long bytes(Path jdk, Proc target) throws IOException, InterruptedException {
        Path jcmd = jdk.resolve("bin/jcmd");
        if (!Files.isExecutable(jcmd)) {
            Log.info("no " + jcmd + ": live heap not measured");
            return null;
        }
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(target.pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd GC.class_histogram on " + target.name + " failed: "
                    + McpClient.abbreviate(new String(out, StandardCharsets.UTF_8)));
        }
        // last line: "Total       <instances>      <bytes>"
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            String t = line.trim();
            if (t.startsWith("Total")) {
                String[] f = t.split("\\s+");
                return Long.parseLong(f[2]);
            }
        }
        throw new IOException("jcmd GC.class_histogram on " + target.name + " printed no Total line");
    }
}
