package routes.catalog;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

import java.util.HashSet;
import java.util.Set;

/**
 * Asks the catalog-refresh route to re-fetch backends, off the caller's thread (a backend's
 * list_changed arrives in the middle of a client's call). Requests that arrive while one is
 * queued are merged into it, so a burst of notifications costs one refresh.
 */
public final class CatalogRefresh {

    private final ProducerTemplate template;
    private final String routeUri;
    private final Set<String> pending = new HashSet<>();
    private boolean queued;

    public CatalogRefresh(CamelContext camel, String routeUri) {
        this.template = camel.createProducerTemplate();
        this.routeUri = routeUri;
    }

    /** Re-fetch this backend, then rebuild and announce. */
    public void request(String backend) {
        enqueue(backend);
    }

    /** Rebuild and announce without fetching (routability changed, see CatalogStore#routing). */
    public void rebuild() {
        enqueue(null);
    }

    private void enqueue(String backend) {
        synchronized (pending) {
            if (backend != null) {
                pending.add(backend);
            }
            if (queued) {
                return;
            }
            queued = true;
        }
        template.asyncSend(routeUri, exchange -> {
            synchronized (pending) {
                exchange.getMessage().setBody(Set.copyOf(pending));
                pending.clear();
                queued = false;
            }
        });
    }
}
