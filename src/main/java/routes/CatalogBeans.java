package routes;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import routes.catalog.CatalogFetch;
import routes.catalog.CatalogRebuild;
import routes.kernel.DueTimeScheduler;

import java.time.Clock;
import java.time.Duration;

/** The catalog's routes (catalog-refresh, catalog-retry): fetching backends in parallel, rebuilding, announcing. */
final class CatalogBeans {

    private CatalogBeans() {
    }

    static void bind(CamelContext camel, GatewayState s, CaravanProperties p) {
        Registry r = camel.getRegistry();
        r.bind("catalogStore", s.catalog());
        r.bind("catalogRefresh", s.refresh());
        r.bind("catalogFetchPool", camel.getExecutorServiceManager()
                .newFixedThreadPool(s.catalog(), "catalog-fetch", p.intValue("caravan.catalog.fetch-parallelism")));
        r.bind("catalogFetch", new CatalogFetch(s.registry(), s.client(), s.catalog()));
        r.bind("catalogRebuild", new CatalogRebuild(s.catalog()));
        // catalog-retry runs only while some backend's last fetch failed, an interval after the failure
        Duration interval = Duration.ofMillis(p.longValue("caravan.catalog.retry-interval"));
        DueTimeScheduler retry = new DueTimeScheduler("catalog-retry", lastRun -> s.catalog().nextRetry(lastRun, interval),
                interval.compareTo(Duration.ofMinutes(1)) > 0 ? interval : Duration.ofMinutes(1), Clock.systemUTC());
        s.catalog().onFailure(retry::replan);
        r.bind("catalogRetryScheduler", retry);
    }
}
