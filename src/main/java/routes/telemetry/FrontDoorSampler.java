package routes.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

import java.util.List;

/**
 * A trace begins only at a server span, the client's request at the front door; then the
 * configured sampler decides (the client's sampled {@code traceparent} continued, new traces at
 * {@code samplingRate}). The gateway's own traffic (health probes, catalog fetches, session
 * housekeeping) starts from a timer or a pool with no span, so it never fills the collector with
 * a trace per probe; what it does inside a client's request stays in that request's trace.
 */
final class FrontDoorSampler implements Sampler {

    private final Sampler delegate;

    FrontDoorSampler(Sampler delegate) {
        this.delegate = delegate;
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        if (spanKind != SpanKind.SERVER && !Span.fromContext(parentContext).getSpanContext().isValid()) {
            return SamplingResult.drop();
        }
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "FrontDoorSampler{" + delegate.getDescription() + "}";
    }
}
