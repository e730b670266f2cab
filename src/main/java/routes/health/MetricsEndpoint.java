package routes.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.nio.charset.StandardCharsets;

/**
 * {@code /metrics} on the MCP port, as ToolHive's vMCP serves it when the config says
 * {@code telemetry.enablePrometheusMetricsPath: true}: the same Prometheus text as the management
 * port's /observe/metrics. Off, it answers 404 as ToolHive does; the config decides on every
 * reload, so no restart is needed either way.
 */
public final class MetricsEndpoint {

    private final MeterRegistry meters;
    private volatile boolean enabled;

    public MetricsEndpoint(MeterRegistry meters) {
        this.meters = meters;
    }

    public void enabled(boolean on) {
        enabled = on;
    }

    public void scrape(Exchange exchange) {
        Message msg = exchange.getMessage();
        msg.getHeaders().clear();
        PrometheusMeterRegistry prometheus = enabled ? prometheus(meters) : null;
        if (prometheus == null) {
            msg.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
            msg.setBody("{\"error\":\"not_found\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        msg.setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        msg.setHeader("Cache-Control", "no-store");
        msg.setBody(prometheus.scrape().getBytes(StandardCharsets.UTF_8));
    }

    /** The Prometheus registry itself, or the one inside a composite (when metrics also go out over OTLP). */
    private static PrometheusMeterRegistry prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return p;
        }
        if (registry instanceof CompositeMeterRegistry c) {
            for (MeterRegistry inner : c.getRegistries()) {
                PrometheusMeterRegistry p = prometheus(inner);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }
}
