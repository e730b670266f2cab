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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Counts and times every message the gateway sends a backend for its clients and its catalog
 * (probes have their own client and their own metric), by backend and MCP method: requests,
 * errors by kind (transport: no usable answer; http: an error status; rpc: a JSON-RPC error) and
 * a latency histogram with fixed buckets (a handful of lines per series on a scrape, not the
 * sixty of a percentile histogram). The meters of each backend and method are looked up once and
 * kept; a backend whose series are removed from the registry is looked up afresh.
 */
public final class MeteredSender implements OutboundSender {

    /** Bucket bounds of the latency histogram: from a local call to the longest backend timeouts. */
    static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private final OutboundSender next;
    private final Predicate<String> registered;
    private final Meter.MeterProvider<Counter> requests;
    private final Meter.MeterProvider<Counter> errors;
    private final Meter.MeterProvider<Timer> latency;
    /** Per backend, per method: its request counter and timer. */
    private final Map<String, Map<String, Series>> series = new ConcurrentHashMap<>();

    private record Series(Counter requests, Timer latency) {
    }

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
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .withRegistry(registry);
        // the series of a backend that left are removed (HealthMetrics): forget the kept ones with them
        registry.config().onMeterRemoved(m -> {
            String backend = m.getId().getTag("backend");
            if (backend != null) {
                series.remove(backend);
            }
        });
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
        Series s = series.computeIfAbsent(backend, b -> new ConcurrentHashMap<>()).computeIfAbsent(method,
                m -> new Series(requests.withTags("backend", backend, "method", m), latency.withTags("backend", backend, "method", m)));
        s.requests().increment();
        s.latency().record(nanos, TimeUnit.NANOSECONDS);
        if (failure != null) {
            errors.withTags("backend", backend, "method", method, "kind", failure).increment();
        }
    }
}
