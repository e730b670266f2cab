package routes.ui;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The config in force, as the status page shows it: where it came from and when, and the
 * configured backends that are not routed to. No setting that could hold a secret.
 *
 * @param source    the file path, or "built-in demo config"
 * @param name      the virtual server's name
 * @param group     its groupRef (may be empty)
 * @param loadedAt  when it was applied
 * @param notRouted configured backends left out, with the reason (which names no header value)
 */
public record ConfigView(String source, String name, String group, Instant loadedAt, Map<String, String> notRouted) {

    public ConfigView {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        group = group == null ? "" : group;
        Objects.requireNonNull(loadedAt, "loadedAt");
        notRouted = Map.copyOf(notRouted);
    }
}
