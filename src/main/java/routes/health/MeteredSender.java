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
import java.util.function.Predicate;

/**
 * Counts and times every message the gateway sends a backend for its clients and its catalog
 * (probes have their own client and their own metric), by backend and MCP method: requests,
 * errors by kind (transport: no usable answer; http: an error status; rpc: a JSON-RPC error) and
 * a latency histogram.
 */
public final class MeteredSender implements OutboundSender {

    private final OutboundSender next;
    private final Predicate<String> registered;
    private final Meter.MeterProvider<Counter> requests;
    private final Meter.MeterProvider<Counter> errors;
    private final Meter.MeterProvider<Timer> latency;

    /**
     * @param registered whether a backend is still in the registry: a message that ends after its
     *                   backend left (a session's closing DELETE, a call under way) records nothing,
     *                   so a removed backend's series, once removed, stay gone
     */
    public MeteredSender(OutboundSender next, MeterRegistry registry, Predicate<String> registered) {
        this.next = next;
        this.registered = registered;
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
            if (registered.test(backend)) {
                record(backend, method, failure, System.nanoTime() - start);
            }
        }
    }

    private void record(String backend, String method, String failure, long nanos) {
        requests.withTags("backend", backend, "method", method).increment();
        latency.withTags("backend", backend, "method", method).record(Duration.ofNanos(nanos));
        if (failure != null) {
            errors.withTags("backend", backend, "method", method, "kind", failure).increment();
        }
    }
}
