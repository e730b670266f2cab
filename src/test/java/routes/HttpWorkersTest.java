package routes;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which threads the MCP endpoint's requests run on, by JVM and setting. */
class HttpWorkersTest {

    private static final boolean VIRTUAL = Runtime.version().feature() >= 21;

    @Test
    void autoUsesVirtualThreadsExactlyWhenTheJvmHasThem() {
        assertEquals(VIRTUAL, HttpWorkers.virtualThreadsAvailable());
        assertEquals(VIRTUAL, HttpWorkers.useVirtualThreads("auto"));
        assertEquals(VIRTUAL, HttpWorkers.useVirtualThreads(" AUTO "));
        assertFalse(HttpWorkers.useVirtualThreads("false"));
    }

    @Test
    void trueOnAJvmWithoutThemAndUnknownValuesAreRefusedByName() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> HttpWorkers.useVirtualThreads("yes"));
        assertTrue(bad.getMessage().contains("caravan.http.virtual-threads must be auto, true or false, not 'yes'"),
                bad.getMessage());
        if (VIRTUAL) {
            assertTrue(HttpWorkers.useVirtualThreads("true"));
        } else {
            IllegalArgumentException old = assertThrows(IllegalArgumentException.class, () -> HttpWorkers.useVirtualThreads("true"));
            assertTrue(old.getMessage().contains("needs JDK 21 or newer"), old.getMessage());
        }
    }

    @Test
    void blockingWorkRunsOnTheChosenKindOfThread() throws Exception {
        Vertx vertx = HttpWorkers.create(VIRTUAL, 3);
        try {
            CompletableFuture<Thread> ran = new CompletableFuture<>();
            vertx.executeBlocking(() -> {
                ran.complete(Thread.currentThread());
                return null;
            }, false);
            Thread worker = ran.get(10, TimeUnit.SECONDS);
            if (VIRTUAL) {
                assertTrue(worker.getName().startsWith("caravan-http-"), worker.getName());
                assertTrue((Boolean) Thread.class.getMethod("isVirtual").invoke(worker));
            } else {
                assertTrue(worker.getName().startsWith("vert.x-worker-thread-"), worker.getName());
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
