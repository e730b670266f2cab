package routes.kernel;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When anything in a folder last changed, as the JDK's {@link WatchService} reports it (inotify on
 * Linux: the kernel tells, nothing polls). A Kubernetes ConfigMap or Secret volume changes by
 * swapping a symlink inside the folder, which shows as a change here too. A folder that does not
 * exist (yet) is waited for by watching the nearest folder above it that does; one that goes away
 * counts as a change, and is then waited for again. Where nothing can be watched (no watch service,
 * or it refuses), {@link #nextRead} falls back to reading every {@code pollInterval}. A Camel
 * service: the context's stop ends the watch.
 */
public final class FolderWatch extends ServiceSupport {

    /** Events within this of the first make one read: an editor or the kubelet writes in several steps. */
    static final Duration SETTLE = Duration.ofMillis(100);

    private static final Logger LOG = LoggerFactory.getLogger(FolderWatch.class);

    private final Path folder;
    private final Duration pollInterval;
    private final Clock clock;
    private final WatchService service;
    private volatile Runnable onChange = () -> { };
    private volatile Instant changedAt = Instant.MIN;
    private volatile boolean watching;
    /** The folder itself, or the nearest existing folder above it while it does not exist. */
    private Path watched;
    private WatchKey key;

    /**
     * @param name         the watch thread's name
     * @param folder       the folder to watch (need not exist)
     * @param pollInterval how often to read when nothing can be watched
     */
    public FolderWatch(String name, Path folder, Duration pollInterval, Clock clock) {
        this.folder = folder.toAbsolutePath().normalize();
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.service = newWatchService(this.folder);
        if (service != null && watchNearest()) {
            Thread t = new Thread(this::watch, name);
            t.setDaemon(true);
            t.start();
        }
    }

    private static WatchService newWatchService(Path folder) {
        try {
            return FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            LOG.info("Cannot watch {} ({}); it is read every so often instead", folder, e.getMessage());
            return null;
        }
    }

    /** Runs on the watch's thread after each change (a scheduler's replan). */
    public void onChange(Runnable onChange) {
        this.onChange = onChange;
    }

    /** Whether changes are reported as they happen (else the folder is polled). */
    public boolean watching() {
        return watching;
    }

    /**
     * When the folder should next be read, given when it was last read: shortly after a change
     * since then; never while watched and unchanged (null); else one poll interval after the last read.
     */
    public Instant nextRead(Instant lastRead) {
        if (!watching) {
            return lastRead.equals(Instant.MIN) ? clock.instant() : lastRead.plus(pollInterval);
        }
        Instant changed = changedAt;
        return changed.isAfter(lastRead) ? changed.plus(SETTLE) : null;
    }

    /** Watches the folder, or the nearest existing folder above it; false when that cannot be done. */
    private synchronized boolean watchNearest() {
        if (key != null) {
            key.cancel();
        }
        Path p = folder;
        while (p != null && !Files.isDirectory(p)) {
            p = p.getParent();
        }
        try {
            if (p == null) {
                throw new IOException("no folder above it exists");
            }
            key = p.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            watched = p;
            watching = true;
        } catch (IOException | RuntimeException e) {
            LOG.info("Cannot watch {} ({}); it is read every {} ms instead", folder, e.getMessage(), pollInterval.toMillis());
            watching = false;
        }
        return watching;
    }

    private void watch() {
        try {
            while (watching) {
                WatchKey k = service.take();
                k.pollEvents();
                boolean valid = k.reset();
                boolean changed;
                synchronized (this) {
                    if (!folder.equals(watched)) {
                        // a folder above: watch the nearest again (a folder on the way may have come
                        // or gone); only the folder's own arrival is a change
                        watchNearest();
                        changed = folder.equals(watched);
                    } else {
                        changed = true;
                        if (!valid) {
                            // the folder went away: wait for it to come back
                            watchNearest();
                        }
                    }
                }
                if (changed) {
                    changedAt = clock.instant();
                    onChange.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the gateway stops
        }
    }

    @Override
    protected void doStop() {
        watching = false;
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // nothing is left to watch either way
            }
        }
    }
}
