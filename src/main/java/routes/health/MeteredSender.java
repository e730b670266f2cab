package routes.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import routes.backend.BackendReply;
import routes.backend.OutboundRequest;
import routes.backend.OutboundSender;
import routes.kernel.BackendException;
import routes.kernel.BackendRpcException;

import java.time.Duration;

/**
 * Counts and times every message the gateway sends a backend for its clients and its catalog
 * (probes have their own client and their own metric), by backend and MCP method: requests,
 * errors by kind (transport: no usable answer; http: an error status; rpc: a JSON-RPC error) and
 * a latency histogram.
 */
public final class MeteredSender implements OutboundSender {

    private final OutboundSender next;
    private final Meter.MeterProvider<Counter> requests;
    private final Meter.MeterProvider<Counter> errors;
    private final Meter.MeterProvider<Timer> latency;

    public MeteredSender(OutboundSender next, MeterRegistry registry) {
        this.next = next;
        this.requests = Counter.builder("caravan.backend.requests")
                .description("Messages sent to a backend").withRegistry(registry);
        this.errors = Counter.builder("caravan.backend.errors")
                .description("Messages to a backend that failed, by kind").withRegistry(registry);
        this.latency = Timer.builder("caravan.backend.request.duration")
                .description("Time from sending a message to a backend to its answer")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(120))
                .withRegistry(registry);
    }

    @Override
    public BackendReply send(OutboundRequest request) {
        String backend = request.backend().name();
        // the JSON-RPC method, or DELETE/GET for session close and streams; all from a fixed set
        String method = request.rpcMethod() != null ? request.rpcMethod() : request.method().name();
        long start = System.nanoTime();
        String failure = null;
        try {
            BackendReply reply = next.send(request);
            if (!reply.ok()) {
                failure = "http";
            } else if (reply.message() != null && reply.message().has("error")) {
                failure = "rpc";
            }
            return reply;
        } catch (BackendException e) {
            failure = e.httpStatus() > 0 ? "http" : "transport";
            throw e;
        } catch (BackendRpcException e) {
            failure = "rpc";
            throw e;
        } catch (RuntimeException e) {
            failure = "transport";
            throw e;
        } finally {
            requests.withTags("backend", backend, "method", method).increment();
            latency.withTags("backend", backend, "method", method).record(Duration.ofNanos(System.nanoTime() - start));
            if (failure != null) {
                errors.withTags("backend", backend, "method", method, "kind", failure).increment();
            }
        }
    }
}
