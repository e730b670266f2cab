package routes.health;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.OperationalConfig.FailureHandling;
import routes.kernel.BackendSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * When the VirtualMCPServer status is written, as ToolHive's vMCP pod times it; meant for a timer
 * route that fires every second:
 * <ul>
 * <li>the first report once every registered backend has a probe answer, or at the latest
 * 2 × healthCheckTimeout after the first tick (a probe cannot take longer than one timeout, and a
 * backend registered during the first round gets its first probe at once), so the operator never
 * sees a premature Pending or Failed;</li>
 * <li>then whenever the content changed (a backend went down, a registry change added one): with a
 * 1 s timer that is within about 2 s, ToolHive's bound; probe times alone are no change;</li>
 * <li>and every {@code statusReportingInterval}, to refresh the probe times;</li>
 * <li>only while this replica leads; a replica that becomes leader writes at its next tick.</li>
 * </ul>
 * A failed write is tried again after min(statusReportingInterval, 5 s).
 */
public final class VirtualServerStatusReport implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualServerStatusReport.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final Supplier<HealthSnapshot> health;
    private final Supplier<Map<String, BackendSpec>> specs;
    private final Supplier<FailureHandling> settings;
    private final VirtualServerStatusWriter writer;
    private final BooleanSupplier leader;
    private final Clock clock;

    private Instant firstTick;
    private boolean firstRoundDone;
    private VirtualServerStatus.Report lastContent;
    private Instant lastWrite;
    private Instant retryAt;

    /**
     * @param health   the gateway's health ({@code HealthState::snapshot})
     * @param specs    the registered backends ({@code BackendRegistry::snapshot})
     * @param settings the failure-handling settings in force ({@code HealthState::settings})
     */
    public VirtualServerStatusReport(Supplier<HealthSnapshot> health, Supplier<Map<String, BackendSpec>> specs,
                                     Supplier<FailureHandling> settings, VirtualServerStatusWriter writer, BooleanSupplier leader,
                                     Clock clock) {
        this.health = health;
        this.specs = specs;
        this.settings = settings;
        this.writer = writer;
        this.leader = leader;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        tick();
    }

    /** One timer tick; returns whether the status was written (or found already equal). */
    public synchronized boolean tick() {
        Instant now = clock.instant();
        if (firstTick == null) {
            firstTick = now;
        }
        if (!leader.getAsBoolean()) {
            lastContent = null; // whoever leads next writes at once
            return false;
        }
        FailureHandling fh = settings.get();
        HealthSnapshot snapshot = health.get();
        if (!firstRoundDone) {
            boolean allAnswered = !snapshot.backends().isEmpty() && snapshot.backends().stream().allMatch(b -> b.lastProbe() != null);
            if (!allAnswered && now.isBefore(firstTick.plus(fh.healthCheckTimeout().multipliedBy(2)))) {
                return false;
            }
            firstRoundDone = true;
        }
        VirtualServerStatus.Report report = VirtualServerStatus.of(snapshot, specs.get());
        VirtualServerStatus.Report content = report.withoutCheckTimes();
        Duration interval = fh.statusReportingInterval();
        boolean due = lastContent == null || !content.equals(lastContent) || !now.isBefore(lastWrite.plus(interval));
        if (!due || (retryAt != null && now.isBefore(retryAt))) {
            return false;
        }
        if (writer.write(report)) {
            if (lastContent == null || !lastContent.phase().equals(report.phase())) {
                LOG.info("VirtualMCPServer status: {} ({})", report.phase(), report.message());
            }
            lastContent = content;
            lastWrite = now;
            retryAt = null;
            return true;
        }
        retryAt = now.plus(interval.compareTo(RETRY) < 0 ? interval : RETRY);
        return false;
    }
}
