package routes.config;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the config source last did, for /status, the status page and metrics: the config in force
 * (from which file, since when) and, while the file on disk cannot be used, why it was rejected.
 * The config source is its only writer; readers take {@link #current()}.
 */
public final class ConfigStatus {

    /**
     * @param source   the file (or the built-in demo config) in force; empty before the first load
     * @param name     the virtual server's name in it
     * @param groupRef its MCPGroup, or empty
     * @param mode     "static" (backends listed in the file) or "dynamic" (discovered from the group)
     * @param loadedAt when it was applied; null before the first load
     * @param rejected the newer content that was not applied, or null when the file in force is the latest
     */
    public record View(String source, String name, String groupRef, String mode, Instant loadedAt, Rejection rejected) {
    }

    /** A newer config that was not applied: when it was read, and every problem found in it. */
    public record Rejection(Instant at, List<String> problems) {
        public Rejection {
            Objects.requireNonNull(at, "at");
            problems = List.copyOf(problems);
        }
    }

    private volatile View current = new View("", "", "", "static", null, null);
    private final AtomicLong rejections = new AtomicLong();

    public View current() {
        return current;
    }

    /** How many reloads were rejected since start. */
    public long rejections() {
        return rejections.get();
    }

    public void applied(GatewayConfig config, String source, Instant at) {
        current = new View(source, config.name(), config.groupRef(), config.staticMode() ? "static" : "dynamic", at, null);
    }

    public void rejected(Instant at, List<String> problems) {
        rejections.incrementAndGet();
        View v = current;
        current = new View(v.source(), v.name(), v.groupRef(), v.mode(), v.loadedAt(), new Rejection(at, problems));
    }
}
