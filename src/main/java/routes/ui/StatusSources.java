package routes.ui;

import routes.catalog.CatalogStore;
import routes.health.HealthState;
import routes.registry.BackendRegistry;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The state owners the status page reads, each through its own snapshot; the page changes nothing.
 * Sessions and the config come as views, so the page does not depend on the front door or on
 * discovery.
 *
 * @param serverName the gateway's serverInfo name
 * @param version    the gateway's version
 * @param sessions   the open client sessions, newest first
 * @param config     the config in force, or null before the first load
 */
public record StatusSources(String serverName, String version, HealthState health, BackendRegistry registry,
                            CatalogStore catalog, Supplier<List<SessionView>> sessions, Supplier<ConfigView> config,
                            ReloadRejections rejections, Clock clock) {

    public StatusSources {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(config, "config");
        rejections = rejections == null ? ReloadRejections.NONE : rejections;
        clock = clock == null ? Clock.systemUTC() : clock;
    }
}
