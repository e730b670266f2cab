package routes.kernel;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which config is in force and whether a newer one was rejected: the config-file source writes
 * it, /status and the metrics read it. Thread-safe; readers get an immutable {@link Snapshot}.
 */
public final class ConfigStatus {

    /**
     * A config file that was read but not applied.
     *
     * @param at       when it was rejected
     * @param problems every problem, as the loader reported them (no secret values: the loader never echoes them)
     */
    public record Rejection(Instant at, List<String> problems) {
        public Rejection {
            problems = List.copyOf(problems);
        }
    }

    /**
     * @param source   the config file, or "built-in demo config"
     * @param groupRef the config's groupRef ("" when none)
     * @param loadedAt when the config in force was applied, or null before the first load
     * @param rejected the newest config rejected since then, or null when the file in force is the newest
     */
    public record Snapshot(String source, String groupRef, Instant loadedAt, Rejection rejected) {
    }

    private final AtomicReference<Snapshot> current = new AtomicReference<>(new Snapshot("", "", null, null));
    private final AtomicLong rejections = new AtomicLong();

    /** A config was applied: it is in force and no rejection stands. */
    public void loaded(String source, String groupRef, Instant at) {
        current.set(new Snapshot(source, groupRef == null ? "" : groupRef, at, null));
    }

    /** A newer config was read and refused; the one in force stays. */
    public void rejected(Instant at, List<String> problems) {
        current.updateAndGet(s -> new Snapshot(s.source(), s.groupRef(), s.loadedAt(), new Rejection(at, problems)));
        rejections.incrementAndGet();
    }

    /** The file is back to the content in force: the rejection no longer stands. */
    public void rejectionWithdrawn() {
        current.updateAndGet(s -> new Snapshot(s.source(), s.groupRef(), s.loadedAt(), null));
    }

    public Snapshot snapshot() {
        return current.get();
    }

    /** Every rejection since the start, for a counter. */
    public long rejections() {
        return rejections.get();
    }
}
