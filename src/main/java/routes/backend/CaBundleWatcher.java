package routes.backend;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The certificates of each CA bundle file ({@code caBundlePath}), kept current without a restart.
 * A file is looked at no more than once per {@link #CHECK_INTERVAL}, and then only its
 * modification time and size; it is read again only when those changed. New certificates get a
 * new {@link Bundle#version()}, from which {@link BackendHttpRequest} knows to build a new endpoint
 * (new TLS settings, new connections). New content that is no usable bundle is logged and the
 * previous certificates stay in use, as a broken config edit leaves the last good config in force.
 * Thread-safe.
 */
final class CaBundleWatcher {

    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(CaBundleWatcher.class);

    /**
     * A file's certificates as last read.
     *
     * @param version changes exactly when the certificates do; -1 for a bundle that is not a file
     */
    record Bundle(long version, List<X509Certificate> certificates) {
    }

    /** What was seen of a file: its bundle, its modification time and size, when to look again. */
    private record Seen(Bundle bundle, FileTime modified, long size, long nextLookNanos) {
    }

    private final Map<Path, Seen> files = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();
    private final LongSupplier nanoTime;

    CaBundleWatcher() {
        this(System::nanoTime);
    }

    /** @param nanoTime the clock, {@link System#nanoTime()} but in tests */
    CaBundleWatcher(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * The file's certificates, read again when it changed since the last look.
     *
     * @throws BackendTls.BundleException when the file has never held a usable bundle
     */
    Bundle bundle(Path file) throws BackendTls.BundleException {
        Seen seen = files.get(file);
        // the per-request cost while the file was looked at less than a second ago
        if (seen != null && nanoTime.getAsLong() - seen.nextLookNanos() < 0) {
            return seen.bundle();
        }
        return look(file);
    }

    /** One look at a file at a time, so one change gets one new version. */
    private synchronized Bundle look(Path file) throws BackendTls.BundleException {
        long now = nanoTime.getAsLong();
        Seen old = files.get(file);
        if (old != null && now - old.nextLookNanos() < 0) {
            return old.bundle();
        }
        long next = now + CHECK_INTERVAL.toNanos();
        FileTime modified = null;
        long size = -1;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            modified = attributes.lastModifiedTime();
            size = attributes.size();
        } catch (IOException e) {
            // unreadable: reading it below says why, once, as for any other unusable content
        }
        Bundle bundle;
        if (old != null && size == old.size() && Objects.equals(modified, old.modified())) {
            bundle = old.bundle();
        } else {
            try {
                List<X509Certificate> certificates = BackendTls.readPem(file);
                bundle = old != null && certificates.equals(old.bundle().certificates()) ? old.bundle()
                        : new Bundle(versions.incrementAndGet(), certificates);
                if (old != null && bundle != old.bundle()) {
                    LOG.info("CA bundle {} has new content ({} certificate(s)); new connections to its backends trust it",
                            file, certificates.size());
                }
            } catch (BackendTls.BundleException e) {
                if (old == null) {
                    throw e;
                }
                LOG.warn("CA bundle {} changed but {}; the certificates it held before stay in use", file, e.getMessage());
                bundle = old.bundle();
            }
        }
        files.put(file, new Seen(bundle, modified, size, next));
        return bundle;
    }
}
