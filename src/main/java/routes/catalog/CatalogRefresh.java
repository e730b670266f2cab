package routes.catalog;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

import java.util.HashSet;
import java.util.Set;

/**
 * Asks the catalog-refresh route to re-fetch backends, off the caller's thread (a backend's
 * list_changed arrives in the middle of a client's call). Requests that arrive while one is
 * queued are merged into it, so a burst of notifications costs one refresh. Requests made before
 * {@link #start()} (the config loaded while the gateway starts) wait for the routes to run.
 */
public final class CatalogRefresh {

    private final ProducerTemplate template;
    private final String routeUri;
    private final Set<String> pending = new HashSet<>();
    /** A refresh is wanted and not yet handed to the route; guarded by pending. */
    private boolean wanted;
    private boolean queued;
    private boolean started;

    public CatalogRefresh(CamelContext camel, String routeUri) {
        this.template = camel.createProducerTemplate();
        this.routeUri = routeUri;
    }

    /** Re-fetch this backend, then rebuild and announce. */
    public void request(String backend) {
        enqueue(backend);
    }

    /** Rebuild and announce without fetching (routability or aggregation settings changed). */
    public void rebuild() {
        enqueue(null);
    }

    /** The route runs now: hand it what was asked for meanwhile. */
    public void start() {
        synchronized (pending) {
            started = true;
            if (!wanted || queued) {
                return;
            }
            queued = true;
        }
        send();
    }

    private void enqueue(String backend) {
        synchronized (pending) {
            if (backend != null) {
                pending.add(backend);
            }
            wanted = true;
            if (queued || !started) {
                return;
            }
            queued = true;
        }
        send();
    }

    private void send() {
        template.asyncSend(routeUri, exchange -> {
            synchronized (pending) {
                exchange.getMessage().setBody(Set.copyOf(pending));
                pending.clear();
                wanted = false;
                queued = false;
            }
        });
    }
}
