package routes.testing;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fault step of a fixture backend: when a fault is armed and the request's JSON-RPC method
 * matches, it answers in place of the MCP engine (or, for a hang, delays it).
 */
final class FixtureFaults implements Processor {

    /** What is armed: the fault, the methods it hits (empty = all requests) and how many times (-1 = always). */
    private record Armed(Fault fault, Set<String> methods, int remaining) {
        boolean hits(String method) {
            return methods.isEmpty() || (method != null && methods.contains(method));
        }
    }

    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private volatile CountDownLatch release = new CountDownLatch(1);

    void arm(Fault fault, int times, Set<String> methods) {
        armed.set(new Armed(fault, Set.copyOf(methods), times));
    }

    void disarm() {
        armed.set(null);
    }

    /** Lets every hanging request go on; called when the backend stops so shutdown is quick. */
    void releaseHangs() {
        CountDownLatch old = release;
        release = new CountDownLatch(1);
        old.countDown();
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        Fault fault = take(exchange.getProperty(FixtureRecorder.JSON_RPC_METHOD, String.class));
        if (fault == null) {
            return;
        }
        if (fault instanceof Fault.Hang hang) {
            release.await(hang.duration().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        if (fault instanceof Fault.Status status) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, status.status());
            message.setHeader("Content-Type", "text/plain");
            if (status.retryAfter() != null) {
                message.setHeader("Retry-After", status.retryAfter());
            }
            message.setBody(("fixture fault: HTTP " + status.status()).getBytes(StandardCharsets.UTF_8));
        } else if (fault instanceof Fault.WrongId) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            message.setHeader("Content-Type", "application/json");
            message.setBody("{\"jsonrpc\":\"2.0\",\"id\":987654321,\"result\":{\"content\":[]}}".getBytes(StandardCharsets.UTF_8));
        } else {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            message.setHeader("Content-Type", "application/json");
            message.setBody("<html>this is not JSON-RPC".getBytes(StandardCharsets.UTF_8));
        }
        exchange.setRouteStop(true);
    }

    /** The fault for this request, counting down a limited one atomically. */
    private Fault take(String method) {
        while (true) {
            Armed current = armed.get();
            if (current == null || !current.hits(method)) {
                return null;
            }
            if (current.remaining() < 0) {
                return current.fault();
            }
            Armed next = current.remaining() > 1
                    ? new Armed(current.fault(), current.methods(), current.remaining() - 1) : null;
            if (armed.compareAndSet(current, next)) {
                return current.fault();
            }
        }
    }
}
