package routes.backend;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.testing.TestPki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** When a CA bundle file is looked at and read again, on a clock the test moves. */
class CaBundleWatcherTest {

    private static final long SECOND = CaBundleWatcher.CHECK_INTERVAL.toNanos();

    private static TestPki first;
    private static TestPki second;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();
    private final CaBundleWatcher watcher = new CaBundleWatcher(clock::get);
    private Path file;

    @BeforeAll
    static void cas() {
        first = TestPki.create("Watcher CA One");
        second = TestPki.create("Watcher CA Two");
    }

    @AfterAll
    static void close() {
        first.close();
        second.close();
    }

    @BeforeEach
    void bundle() throws Exception {
        file = dir.resolve("ca.pem");
        Files.writeString(file, first.caPem());
    }

    /** Writes new content with a modification time of its own, as a later write would have. */
    private void rewrite(String content) throws Exception {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 5_000));
    }

    @Test
    void newCertificatesGetANewVersionOnceTheIntervalHasPassed() throws Exception {
        CaBundleWatcher.Bundle one = watcher.bundle(file);
        rewrite(second.caPem());
        clock.addAndGet(SECOND - 1);
        assertEquals(one, watcher.bundle(file), "looked at again before the interval");
        clock.addAndGet(1);
        CaBundleWatcher.Bundle two = watcher.bundle(file);
        assertNotEquals(one.version(), two.version());
        assertEquals(BackendTls.readPem(second.caPemFile()), two.certificates());
    }

    @Test
    void anUnchangedOrOnlyTouchedFileKeepsItsVersion() throws Exception {
        CaBundleWatcher.Bundle one = watcher.bundle(file);
        clock.addAndGet(SECOND);
        assertEquals(one, watcher.bundle(file));
        rewrite(first.caPem());
        clock.addAndGet(SECOND);
        assertEquals(one, watcher.bundle(file));
    }

    @Test
    void unusableNewContentKeepsTheCertificatesHeldBefore() throws Exception {
        CaBundleWatcher.Bundle one = watcher.bundle(file);
        rewrite("being rewritten\n");
        clock.addAndGet(SECOND);
        assertEquals(one, watcher.bundle(file));
        Files.delete(file);
        clock.addAndGet(SECOND);
        assertEquals(one, watcher.bundle(file));
        Files.writeString(file, second.caPem());
        clock.addAndGet(SECOND);
        assertEquals(BackendTls.readPem(second.caPemFile()), watcher.bundle(file).certificates());
    }

    @Test
    void aFileThatWasNeverUsableFailsWithTheReason() throws Exception {
        Files.writeString(file, "no certificates here\n");
        BackendTls.BundleException e = assertThrows(BackendTls.BundleException.class, () -> watcher.bundle(file));
        assertEquals("holds no PEM certificate (expected '-----BEGIN CERTIFICATE-----' blocks)", e.getMessage());
    }
}
