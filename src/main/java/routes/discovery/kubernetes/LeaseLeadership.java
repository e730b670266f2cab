package routes.discovery.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Which replica writes status: leader election on a {@code coordination.k8s.io/v1} Lease with
 * fabric8's {@code LeaderElector} and {@code LeaseLock}. Chosen over camel-kubernetes'
 * {@code KubernetesClusterService} because status writing is a bean's decision, not a route's
 * (no route has to be started or stopped with leadership), and fabric8 is already the client
 * every status writer uses; this class is small and a {@link BooleanSupplier} is all the writers
 * need.
 * <p>
 * fabric8's elector ends for good once it loses the lease; this class starts a new one after a
 * retry period, so a replica that lost leadership (a network blip) stands for election again.
 * {@link #close()} cancels it with release-on-cancel: the Lease is handed back at once, so another
 * replica takes over after its next retry instead of waiting out the lease.
 * <p>
 * Durations as fabric8 requires: leaseDuration &gt; renewDeadline &gt; 1.2 × retryPeriod. A
 * production choice is 15 s / 10 s / 2 s (client-go's defaults); tests use 1 s / 800 ms / 200 ms.
 * Needs RBAC {@code coordination.k8s.io leases: get, create, update}.
 */
public final class LeaseLeadership implements BooleanSupplier, AutoCloseable {

    /** Hears when this replica starts or stops leading. */
    @FunctionalInterface
    public interface Listener {
        void leadershipChanged(boolean leading);
    }

    private static final Logger LOG = LoggerFactory.getLogger(LeaseLeadership.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lease-leadership");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean leading;
    private boolean closed;
    private CompletableFuture<?> election;

    public LeaseLeadership(KubernetesClient client, String namespace, String leaseName, String identity, Duration leaseDuration,
                           Duration renewDeadline, Duration retryPeriod) {
        this.client = client;
        this.namespace = namespace;
        this.leaseName = leaseName;
        this.identity = identity;
        this.leaseDuration = leaseDuration;
        this.renewDeadline = renewDeadline;
        this.retryPeriod = retryPeriod;
    }

    /** The pod name ({@code HOSTNAME}) and a short random suffix, so a restarted pod is a new candidate. */
    public static String defaultIdentity() {
        String host = System.getenv("HOSTNAME");
        byte[] suffix = new byte[3];
        new SecureRandom().nextBytes(suffix);
        return (host == null || host.isBlank() ? "caravan" : host) + "-" + HexFormat.of().formatHex(suffix);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public String identity() {
        return identity;
    }

    /** Stands for election; returns at once. */
    public synchronized void start() {
        if (closed || election != null) {
            return;
        }
        elect();
    }

    /** Caller holds this. */
    private void elect() {
        var config = new LeaderElectionConfigBuilder().withName(leaseName)
                .withLock(new LeaseLock(namespace, leaseName, identity))
                .withLeaseDuration(leaseDuration).withRenewDeadline(renewDeadline).withRetryPeriod(retryPeriod)
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(() -> changed(true), () -> changed(false), this::newLeader))
                .build();
        CompletableFuture<?> run = client.leaderElector().withConfig(config).build().start();
        election = run;
        run.whenComplete((ok, error) -> ended(run));
    }

    /** The elector ended without close(): leadership was lost or never won. Stand again. */
    private synchronized void ended(CompletableFuture<?> run) {
        if (closed || run != election) {
            return;
        }
        changed(false);
        restarts.schedule(() -> {
            synchronized (this) {
                if (!closed && election == run) {
                    elect();
                }
            }
        }, retryPeriod.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void changed(boolean nowLeading) {
        synchronized (listeners) { // fabric8's threads and close() may report at once
            if (leading == nowLeading) {
                return;
            }
            leading = nowLeading;
        }
        LOG.info("{} {} the status writer (Lease {}/{})", identity, nowLeading ? "is now" : "is no longer", namespace, leaseName);
        for (Listener l : listeners) {
            try {
                l.leadershipChanged(nowLeading);
            } catch (RuntimeException e) {
                LOG.warn("A leadership listener failed", e);
            }
        }
    }

    private void newLeader(String who) {
        LOG.debug("Lease {}/{} is held by {}", namespace, leaseName, who);
    }

    /** Whether this replica holds the Lease now. */
    public boolean isLeader() {
        return leading;
    }

    @Override
    public boolean getAsBoolean() {
        return leading;
    }

    /** Steps down and releases the Lease, so another replica takes over quickly. */
    @Override
    public void close() {
        CompletableFuture<?> run;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            run = election;
        }
        restarts.shutdownNow();
        changed(false); // stop writing before the Lease is handed over
        if (run != null) {
            run.cancel(true); // releaseOnCancel: fabric8 empties the Lease's holder
        }
    }
}
