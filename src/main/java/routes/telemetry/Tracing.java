package routes.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry.OpenTelemetryTracer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Traces through Camel's own tracer (camel-opentelemetry) on an OpenTelemetry SDK of the gateway's
 * own, exporting over OTLP/HTTP: a server span for each request at the front door (the client's
 * {@code traceparent} continued), a span per route it passes, and a client span for each backend
 * HTTP call, whose context is the {@code traceparent} the backend gets. Installed before the
 * routes start, so every route gets the tracing policy; nothing global is set (no
 * {@code GlobalOpenTelemetry}), so several gateways in one JVM keep their own.
 */
final class Tracing implements AutoCloseable {

    private final SdkTracerProvider provider;

    private Tracing(SdkTracerProvider provider) {
        this.provider = provider;
    }

    /**
     * @param batchDelay how long finished spans wait to be exported together
     */
    static Tracing install(CamelContext camel, OtlpTarget target, double samplingRate, Map<String, String> resource,
                           Duration batchDelay) {
        OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder().setEndpoint(target.traces())
                .setTimeout(Duration.ofSeconds(10));
        target.headers().forEach(exporter::addHeader);
        if (target.tls() != null) {
            exporter.setSslContext(target.tls().context(), target.tls().trustManager());
        }
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(attributes(resource))))
                .setSampler(new FrontDoorSampler(Sampler.parentBased(Sampler.traceIdRatioBased(samplingRate))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter.build()).setScheduleDelay(batchDelay).build())
                .build();

        OpenTelemetryTracer tracer = new OpenTelemetryTracer();
        tracer.setTracer(provider.get("caravan"));
        // trace context only: Camel's baggage is nothing a backend should get
        tracer.setContextPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
        // no exclude patterns: the sampler keeps everything but /mcp out (see FrontDoorSampler)
        tracer.setSpanCustomizer(new BackendSpanAttributes());
        tracer.addDecorator(new SpanShapes.DirectHops());
        tracer.addDecorator(new SpanShapes.FrontDoor());
        camel.getCamelContextExtension().addInterceptStrategy(new SpanInScope());
        tracer.init(camel);
        return new Tracing(provider);
    }

    private static Attributes attributes(Map<String, String> resource) {
        AttributesBuilder b = Attributes.builder();
        resource.forEach(b::put);
        return b.build();
    }

    /** Exports what is still buffered, then stops. */
    @Override
    public void close() {
        CompletableResultCode done = provider.shutdown();
        done.join(5, TimeUnit.SECONDS);
    }
}
