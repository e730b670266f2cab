package routes.kernel;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.service.ServiceSupport;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Runs a {@code scheduler:} route when its work is due instead of every period: after each run
 * it asks when the next run is due ({@code nextDue}), and {@link #replan()} brings the run forward
 * when something new may be due sooner (a backend arrived, a verdict set its next probe, a watched
 * file changed). It never sleeps longer than {@code longest}, so a change nobody announced is
 * still seen. A route uses it as {@code scheduler:<name>?scheduler=#<bean>}. An idle gateway then
 * wakes only when there is something to do, not several times a second.
 */
public final class DueTimeScheduler extends ServiceSupport implements ScheduledPollConsumerScheduler {

    /** How often a run due while the context is still starting looks again. */
    private static final Duration WHILE_STARTING = Duration.ofMillis(20);

    private final String name;
    private final UnaryOperator<Instant> nextDue;
    private final Duration longest;
    private final Clock clock;
    private CamelContext camel;
    private ScheduledExecutorService executor;
    private Runnable task;
    private boolean started;
    private ScheduledFuture<?> planned;
    private Instant plannedAt;
    private volatile Instant lastRun = Instant.MIN;

    /**
     * @param name    the thread's name
     * @param nextDue given when the last run began, when the next is due (the past: at once; null:
     *                nothing is, so only after {@code longest})
     * @param longest the longest time between two runs
     */
    public DueTimeScheduler(String name, UnaryOperator<Instant> nextDue, Duration longest, Clock clock) {
        this.name = name;
        this.nextDue = nextDue;
        this.longest = longest;
        this.clock = clock;
    }

    /**
     * For a route that reads a file or folder: runs when something in {@code folder} changed (a
     * {@link FolderWatch}, polled every {@code poll} where it cannot be watched) and at least every
     * {@code reread}; with no folder, every {@code reread}.
     */
    public static DueTimeScheduler forFolder(CamelContext camel, String name, Path folder, Duration poll,
                                             Duration reread) throws Exception {
        Duration longest = poll.compareTo(reread) > 0 ? poll : reread;
        if (folder == null) {
            return new DueTimeScheduler(name, lastRun -> null, longest, Clock.systemUTC());
        }
        FolderWatch watch = new FolderWatch(name + "-watch", folder, poll, Clock.systemUTC());
        camel.addService(watch);
        DueTimeScheduler scheduler = new DueTimeScheduler(name, watch::nextRead, longest, Clock.systemUTC());
        watch.onChange(scheduler::replan);
        return scheduler;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camel = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camel;
    }

    @Override
    public void onInit(Consumer consumer) {
        // the consumer hands its poll over in scheduleTask
    }

    @Override
    public synchronized void scheduleTask(Runnable task) {
        this.task = task;
    }

    @Override
    public synchronized void startScheduler() {
        if (executor == null) {
            executor = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, name);
        }
        started = true;
        plan(clock.instant());
    }

    @Override
    public synchronized boolean isSchedulerStarted() {
        return started;
    }

    @Override
    public synchronized void unscheduleTask() {
        started = false;
        if (planned != null) {
            planned.cancel(false);
            planned = null;
        }
    }

    /** Something may be due sooner than planned: asks again, and runs earlier if so. */
    public void replan() {
        Instant at = due();
        synchronized (this) {
            if (started && (plannedAt == null || at.isBefore(plannedAt))) {
                plan(at);
            }
        }
    }

    private void run() {
        Runnable poll;
        synchronized (this) {
            planned = null;
            plannedAt = null;
            if (started && !camel.isStarted()) {
                // as Camel's timer does, the first run waits for the context to have started: a route run
                // while it starts would race camel-main's start-up work (its property summary, for one)
                plan(clock.instant().plus(WHILE_STARTING));
                return;
            }
            poll = started ? task : null;
        }
        lastRun = clock.instant();
        try {
            if (poll != null) {
                poll.run();
            }
        } finally {
            Instant at = due();
            synchronized (this) {
                if (started && (plannedAt == null || at.isBefore(plannedAt))) {
                    plan(at);
                }
            }
        }
    }

    /** The next run: when work is due, but no later than {@code longest} from now. */
    private Instant due() {
        Instant now = clock.instant();
        Instant latest = now.plus(longest);
        Instant at = nextDue.apply(lastRun);
        return at == null || at.isAfter(latest) ? latest : at;
    }

    /** Caller holds this. */
    private void plan(Instant at) {
        if (planned != null) {
            planned.cancel(false);
        }
        Instant now = clock.instant();
        // a due time long past (Instant.MIN: never probed) is now
        long delay = at.isAfter(now) ? Duration.between(now, at).toMillis() : 0;
        plannedAt = at;
        planned = executor.schedule(this::run, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    protected synchronized void doStop() {
        unscheduleTask();
    }

    @Override
    protected synchronized void doShutdown() {
        unscheduleTask();
        if (executor != null) {
            camel.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }
}
