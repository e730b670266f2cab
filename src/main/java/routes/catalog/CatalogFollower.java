package routes.catalog;

import routes.config.GatewaySettings;
import routes.registry.RegistryChange;
import routes.registry.RegistryListener;

/**
 * Keeps the catalog in step with the registry and the aggregation settings, through the
 * catalog-refresh route: a backend added or changed is fetched (again), a removed one is dropped
 * (its fetch finds it gone). New aggregation settings rebuild the whole catalog from what is
 * fetched, without asking the backends again: naming, filters and overrides apply when it is built.
 */
public final class CatalogFollower implements RegistryListener, GatewaySettings.Listener {

    private final CatalogStore store;
    private final CatalogRefresh refresh;

    public CatalogFollower(CatalogStore store, CatalogRefresh refresh) {
        this.store = store;
        this.refresh = refresh;
    }

    @Override
    public void registryChanged(RegistryChange change) {
        change.names().forEach(refresh::request);
    }

    @Override
    public void settingsChanged(GatewaySettings.Values before, GatewaySettings.Values after) {
        if (!before.aggregation().equals(after.aggregation())) {
            store.settings(after.aggregation());
            refresh.rebuild();
        }
    }
}
