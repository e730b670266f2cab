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
 * A trace begins only at the front door's server span for the MCP endpoint, a client's request;
 * then the configured sampler decides (the client's sampled {@code traceparent} continued, new traces at
 * {@code samplingRate}). The gateway's own traffic (health probes, catalog fetches, session
 * housekeeping) starts from a timer or a pool with no span, so it never fills the collector with
 * a trace per probe; the operational endpoints (/health, /readyz, /status, /metrics, …) make
 * none either. What the gateway does inside a client's request stays in that request's trace.
 *
 * <p>Deciding here, not with Camel's tracer exclude patterns: the tracer matches those by
 * compiling a regular expression for every route of every exchange, which multiplied the
 * gateway's CPU per call several times when tracing was on.
 */
final class FrontDoorSampler implements Sampler {

    /** The front door's span names end so ("POST /mcp", SpanShapes.FrontDoor): the MCP endpoint. */
    private static final String MCP_PATH = " /mcp";

    private final Sampler delegate;

    FrontDoorSampler(Sampler delegate) {
        this.delegate = delegate;
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        boolean frontDoor = spanKind == SpanKind.SERVER;
        if (frontDoor ? !name.endsWith(MCP_PATH) : !Span.fromContext(parentContext).getSpanContext().isValid()) {
            // an operational endpoint (even with a client's traceparent), or the gateway's own traffic
            return SamplingResult.drop();
        }
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "FrontDoorSampler{" + delegate.getDescription() + "}";
    }
}
