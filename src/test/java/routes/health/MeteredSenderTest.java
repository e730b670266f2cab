package routes.health;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import routes.backend.BackendReply;
import routes.backend.OutboundRequest;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.Pipeline;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-backend request series: fixed latency buckets, and kept meters that follow removals. */
class MeteredSenderTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MeteredSender sender = new MeteredSender(r -> new BackendReply(200, null, null, null), registry, b -> true);
    private final BackendSpec spec = new BackendSpec("a", URI.create("http://127.0.0.1:1/mcp"),
            BackendSpec.Transport.STREAMABLE_HTTP, null, Duration.ofSeconds(2));

    @Test
    void aBackendWhoseSeriesWereRemovedIsCountedAgainFromZero() {
        send(3);
        assertEquals(3.0, registry.get("caravan.backend.requests").tag("backend", "a").counter().count());
        // what HealthMetrics does when the backend leaves the registry
        for (Meter m : List.copyOf(registry.getMeters())) {
            if ("a".equals(m.getId().getTag("backend"))) {
                registry.remove(m);
            }
        }
        send(2);
        assertEquals(2.0, registry.get("caravan.backend.requests").tag("backend", "a").counter().count());
        assertEquals(2, registry.get("caravan.backend.request.duration").tag("backend", "a").timer().count());
    }

    @Test
    void theLatencyHistogramHasItsFixedBucketsOnly() {
        send(1);
        String scrape = registry.scrape();
        long buckets = scrape.lines().filter(l -> l.startsWith("caravan_backend_request_duration_seconds_bucket{")).count();
        assertEquals(MeteredSender.LATENCY_BUCKETS.length + 1, buckets, scrape);
        assertTrue(scrape.contains("le=\"0.025\""), scrape);
    }

    private void send(int n) {
        for (int i = 0; i < n; i++) {
            sender.send(new OutboundRequest(spec, CallerIdentity.GATEWAY, Pipeline.Purpose.CATALOG,
                    OutboundRequest.Method.POST, spec.url(), new byte[0], null, "ping", null, false));
        }
    }
}
