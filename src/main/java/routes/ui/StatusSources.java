package routes.ui;

import routes.catalog.CatalogStore;
import routes.config.ConfigStatus;
import routes.health.HealthState;
import routes.registry.BackendRegistry;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The state owners the status page reads, each through its own snapshot; the page changes nothing.
 * Sessions and the backends the config source left out come as views, so the page depends neither
 * on the front door nor on discovery.
 *
 * @param serverName the gateway's serverInfo name
 * @param version    the gateway's version
 * @param config     the config in force, and a newer one that was rejected
 * @param notRouted  configured backends the config source left out, with the reason (no header value)
 * @param sessions   the open client sessions, newest first
 */
public record StatusSources(String serverName, String version, HealthState health, BackendRegistry registry,
                            CatalogStore catalog, ConfigStatus config, Supplier<Map<String, String>> notRouted,
                            Supplier<List<SessionView>> sessions, Clock clock) {

    public StatusSources {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(notRouted, "notRouted");
        Objects.requireNonNull(sessions, "sessions");
        clock = clock == null ? Clock.systemUTC() : clock;
    }
}
