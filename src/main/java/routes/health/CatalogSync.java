package routes.health;

import routes.catalog.CatalogRefresh;

/**
 * Keeps the catalog in step with routability: a backend that stops being routable is dropped
 * from the listings at once (a rebuild, no fetch: it may hang), and one that becomes routable is
 * fetched afresh (its tools may have changed while it was away). Either way clients hear
 * list_changed when their lists change.
 */
public final class CatalogSync implements HealthState.Listener {

    private final CatalogRefresh refresh;

    public CatalogSync(CatalogRefresh refresh) {
        this.refresh = refresh;
    }

    @Override
    public void routabilityChanged(String backend, boolean routable) {
        if (routable) {
            refresh.request(backend);
        } else {
            refresh.rebuild();
        }
    }
}
