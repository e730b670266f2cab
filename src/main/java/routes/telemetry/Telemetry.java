package routes.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.TelemetryConfig;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The config's {@code telemetry} section put into effect once, at start: traces (Camel's tracer on
 * an OpenTelemetry SDK) and metrics (an OTLP registry beside the Prometheus one), both to the OTLP/HTTP
 * endpoint. With no section, or tracing and metrics off, nothing is installed: no tracer, no event
 * notifier, no exporter thread, so a call costs what it cost without telemetry. A changed section
 * in a reloaded config is logged as needing a restart; the SDK is not rebuilt live.
 */
public final class Telemetry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);

    /** How telemetry runs (from caravan.telemetry.* properties), as opposed to what the config file asks for. */
    public record Settings(Duration traceBatchDelay, Duration metricsStep) {
    }

    private final TelemetryConfig started;
    private final Tracing tracing;
    private final OtlpMeterRegistry metrics;
    private final CompositeMeterRegistry meters;
    private TelemetryConfig lastSeen;

    private Telemetry(TelemetryConfig started, Tracing tracing, OtlpMeterRegistry metrics, CompositeMeterRegistry meters) {
        this.started = started;
        this.lastSeen = started;
        this.tracing = tracing;
        this.metrics = metrics;
        this.meters = meters;
    }

    /**
     * The registry every meter of the gateway is registered through: the Prometheus one Camel serves,
     * and the OTLP one when {@code metricsEnabled}.
     */
    public static CompositeMeterRegistry meters(MeterRegistry prometheus) {
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(prometheus);
        return composite;
    }

    /**
     * Installs what the section asks for; call before the routes start (Camel's tracer must be in
     * place when the routes are made).
     *
     * @param configName  the default {@code service.name}
     * @param version     the default {@code service.version}
     * @param environment for {@code OTEL_RESOURCE_ATTRIBUTES} and {@code environmentVariables}
     */
    public static Telemetry start(CamelContext camel, TelemetryConfig config, String configName, String version,
                                  Map<String, String> environment, MeterRegistry meters, Settings settings)
            throws IOException {
        boolean traces = config.tracingEnabled() && !config.endpoint().isEmpty();
        boolean pushMetrics = config.metricsEnabled() && !config.endpoint().isEmpty() && meters instanceof CompositeMeterRegistry;
        if (!traces && !pushMetrics) {
            return new Telemetry(config, null, null, null);
        }
        OtlpTarget target = OtlpTarget.of(config);
        Map<String, String> resource = TelemetryResource.attributes(config, configName, version, environment);
        Tracing tracing = traces ? Tracing.install(camel, target, config.samplingRate(), resource,
                settings.traceBatchDelay()) : null;
        CompositeMeterRegistry composite = pushMetrics ? (CompositeMeterRegistry) meters : null;
        OtlpMeterRegistry otlp = pushMetrics ? OtlpMetrics.start(composite, target, resource, settings.metricsStep()) : null;
        LOG.info("Telemetry to {} as service '{}': traces {}, metrics {}", target, resource.get(TelemetryResource.SERVICE_NAME),
                traces ? "on (sampling " + config.samplingRate() + ")" : "off",
                pushMetrics ? "every " + settings.metricsStep().toSeconds() + "s" : "off");
        return new Telemetry(config, tracing, otlp, composite);
    }

    /** A config was applied: a telemetry section unlike the one in force is logged once; it takes a restart. */
    public synchronized void configApplied(TelemetryConfig next) {
        if (Objects.equals(next, lastSeen)) {
            return;
        }
        lastSeen = next;
        if (!next.equals(started)) {
            LOG.warn("Config: the telemetry section changed; telemetry changes take effect after a restart");
        }
    }

    public boolean tracing() {
        return tracing != null;
    }

    /** Flushes and stops the exporters (at shutdown, after the routes stopped). */
    @Override
    public void close() {
        if (tracing != null) {
            tracing.close();
        }
        if (metrics != null) {
            meters.remove(metrics);
            metrics.close();
        }
    }
}
