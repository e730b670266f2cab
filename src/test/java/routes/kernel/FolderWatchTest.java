package routes.kernel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A folder's changes as the kernel reports them: no polling while it can be watched. */
class FolderWatchTest {

    @TempDir
    Path tmp;
    private FolderWatch watch;
    private final Semaphore changes = new Semaphore(0);

    private FolderWatch watch(Path folder) {
        watch = new FolderWatch("folder-watch-test", folder, Duration.ofSeconds(5), Clock.systemUTC());
        watch.onChange(changes::release);
        watch.start();
        return watch;
    }

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.stop();
        }
    }

    @Test
    void aWatchedFolderAsksForNoReadUntilAFileInItChanges() throws Exception {
        Path config = Files.writeString(tmp.resolve("config.yaml"), "name: a\n");
        FolderWatch w = watch(tmp);
        assertTrue(w.watching());
        Instant read = Instant.now();
        assertNull(w.nextRead(read), "unchanged since the last read: no read, however long ago it was");

        Files.writeString(config, "name: b\n");
        assertTrue(changes.tryAcquire(10, TimeUnit.SECONDS), "the change is reported");
        Instant next = w.nextRead(read);
        assertNotNull(next);
        assertTrue(next.isAfter(read), next + " after " + read);
        assertNull(w.nextRead(next), "nothing new since a read after the change");
    }

    @Test
    void aConfigMapStyleSymlinkSwapIsAChange() throws Exception {
        Path v1 = Files.createDirectories(tmp.resolve("..2026_v1"));
        Files.writeString(v1.resolve("config.yaml"), "name: a\n");
        Files.createSymbolicLink(tmp.resolve("..data"), v1.getFileName());
        Files.createSymbolicLink(tmp.resolve("config.yaml"), Path.of("..data/config.yaml"));
        FolderWatch w = watch(tmp);
        Instant read = Instant.now();

        // what the kubelet does: a new versioned folder, a new link beside the old, renamed over it
        Path v2 = Files.createDirectories(tmp.resolve("..2026_v2"));
        Files.writeString(v2.resolve("config.yaml"), "name: b\n");
        Path tmpLink = Files.createSymbolicLink(tmp.resolve("..data_tmp"), v2.getFileName());
        Files.move(tmpLink, tmp.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertTrue(changes.tryAcquire(10, TimeUnit.SECONDS));
        assertNotNull(w.nextRead(read));
        assertEquals("name: b\n", Files.readString(tmp.resolve("config.yaml")));
    }

    @Test
    void aMissingFolderIsWaitedForAndItsArrivalAndDepartureAreChanges() throws Exception {
        Path folder = tmp.resolve("etc/caravan/routes");
        FolderWatch w = watch(folder);
        assertTrue(w.watching(), "the nearest folder above it is watched");
        Instant read = Instant.now();
        assertNull(w.nextRead(read));

        Files.createDirectories(tmp.resolve("etc/caravan"));
        Files.createDirectories(folder);
        assertTrue(changes.tryAcquire(10, TimeUnit.SECONDS), "the folder's arrival is a change");
        assertNotNull(w.nextRead(read));

        Instant afterArrival = Instant.now();
        changes.drainPermits();
        Files.writeString(folder.resolve("header-forward.yaml"), "- route: {}\n");
        assertTrue(changes.tryAcquire(10, TimeUnit.SECONDS), "then files in it are watched");
        assertNotNull(w.nextRead(afterArrival));

        Instant beforeRemoval = Instant.now();
        changes.drainPermits();
        Files.delete(folder.resolve("header-forward.yaml"));
        Files.delete(folder);
        assertTrue(changes.tryAcquire(10, TimeUnit.SECONDS), "its removal is a change");
        waitUntil(() -> w.nextRead(beforeRemoval) != null);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached in 10 s");
            Thread.sleep(10);
        }
    }
}
