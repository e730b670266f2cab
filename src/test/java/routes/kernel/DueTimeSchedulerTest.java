package routes.kernel;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.RoutePolicySupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A {@code scheduler:} route run when its work is due: at start, when told, and at least every so often. */
class DueTimeSchedulerTest {

    private final AtomicReference<Instant> nextDue = new AtomicReference<>();
    private final AtomicInteger runs = new AtomicInteger();
    private CamelContext camel;
    private DueTimeScheduler scheduler;

    private void start(Duration longest) throws Exception {
        camel = new DefaultCamelContext();
        scheduler = new DueTimeScheduler("due-test", lastRun -> nextDue.get(), longest, Clock.systemUTC());
        camel.getRegistry().bind("dueTest", scheduler);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // a run does what was due, so nothing is due after it until the test says so
                from("scheduler:due-test?scheduler=#dueTest").routeId("due-test")
                        .process(exchange -> {
                            nextDue.set(null);
                            runs.incrementAndGet();
                        });
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void runsAtStartThenOnlyWhenSomethingIsDue() throws Exception {
        start(Duration.ofMinutes(10));
        waitUntil(() -> runs.get() == 1);
        Thread.sleep(500);
        assertEquals(1, runs.get(), "nothing due: no run");

        nextDue.set(Instant.now().plusMillis(300));
        scheduler.replan();
        Thread.sleep(100);
        assertEquals(1, runs.get(), "not before it is due");
        waitUntil(() -> runs.get() == 2);

        // due long ago (a backend just arrived, never probed: Instant.MIN): at once
        nextDue.set(Instant.MIN);
        scheduler.replan();
        waitUntil(() -> runs.get() >= 3);
    }

    @Test
    void aLaterDueTimeDoesNotPostponeAnEarlierPlan() throws Exception {
        start(Duration.ofMinutes(10));
        waitUntil(() -> runs.get() == 1);
        nextDue.set(Instant.now().plusMillis(300));
        scheduler.replan();
        nextDue.set(Instant.now().plusSeconds(600));
        scheduler.replan();
        waitUntil(() -> runs.get() == 2);
    }

    @Test
    void withNothingDueItStillLooksEveryLongestWait() throws Exception {
        start(Duration.ofMillis(200));
        waitUntil(() -> runs.get() >= 4);
    }

    @Test
    void aRouteStoppedAndStartedAgainIsScheduledAgain() throws Exception {
        start(Duration.ofMinutes(10));
        waitUntil(() -> runs.get() == 1);
        camel.getRouteController().stopRoute("due-test");
        nextDue.set(Instant.now().minusSeconds(1));
        scheduler.replan();
        Thread.sleep(300);
        assertEquals(1, runs.get(), "a stopped route does not run");
        camel.getRouteController().startRoute("due-test");
        waitUntil(() -> runs.get() >= 2);
    }

    @Test
    void theFirstRunWaitsForTheContextToHaveStarted() throws Exception {
        camel = new DefaultCamelContext();
        scheduler = new DueTimeScheduler("due-test", lastRun -> nextDue.get(), Duration.ofMinutes(10), Clock.systemUTC());
        camel.getRegistry().bind("dueTest", scheduler);
        java.util.concurrent.atomic.AtomicBoolean startedBeforeRun = new java.util.concurrent.atomic.AtomicBoolean(true);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("scheduler:due-test?scheduler=#dueTest").routeId("due-test")
                        .process(exchange -> {
                            startedBeforeRun.compareAndSet(true, exchange.getContext().isStarted());
                            runs.incrementAndGet();
                        });
                // a route after it that is slow to start keeps the context starting for a while
                from("direct:slow-start").routeId("slow-start").routePolicy(new RoutePolicySupport() {
                    @Override
                    public void onStart(Route route) {
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).to("log:slow");
            }
        });
        camel.start();
        waitUntil(() -> runs.get() == 1);
        assertTrue(startedBeforeRun.get(), "the route ran before the context had started");
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached in 10 s");
            Thread.sleep(10);
        }
    }
}
