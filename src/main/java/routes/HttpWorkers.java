package routes;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.spi.ExecutorServiceFactory;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x instance the MCP endpoint runs on, and the threads its requests run on.
 * platform-http runs every request on a Vert.x worker, and a backend call is a blocking HTTP
 * exchange, so each in-flight call holds its worker for as long as the backend takes. On JDK 21
 * or newer the workers are virtual threads, one per request: a call waiting on a slow backend
 * holds only a small heap object, and a thousand of them do not need a thousand platform threads.
 * On JDK 17 (or with {@code caravan.http.virtual-threads=false}) they are platform threads, at
 * most {@code caravan.http.worker-pool-size} of them, started only when all are busy and ended
 * after a minute idle ({@link ElasticWorkerPool}).
 */
public final class HttpWorkers {

    private static final Method OF_VIRTUAL = method(Thread.class, "ofVirtual");
    private static final Method NEW_THREAD_PER_TASK = OF_VIRTUAL == null ? null
            : method(java.util.concurrent.Executors.class, "newThreadPerTaskExecutor", ThreadFactory.class);

    private HttpWorkers() {
    }

    /** Whether this JVM has virtual threads (JDK 21+). */
    public static boolean virtualThreadsAvailable() {
        return NEW_THREAD_PER_TASK != null;
    }

    /**
     * Whether requests run on virtual threads for the setting {@code caravan.http.virtual-threads}:
     * {@code auto} (when the JVM has them), {@code true} (refuses to start on JDK 17) or {@code false}.
     */
    static boolean useVirtualThreads(String setting) {
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "", "auto" -> virtualThreadsAvailable();
            case "true" -> {
                if (!virtualThreadsAvailable()) {
                    throw new IllegalArgumentException("caravan.http.virtual-threads=true needs JDK 21 or newer (this is "
                            + Runtime.version().feature() + "); use auto or false");
                }
                yield true;
            }
            case "false" -> false;
            default -> throw new IllegalArgumentException("caravan.http.virtual-threads must be auto, true or false, not '"
                    + setting + "'");
        };
    }

    /** How long a platform worker thread stays without work before it ends. */
    private static final long IDLE_WORKER_SECONDS = 60;

    /** A Vert.x whose worker pool is virtual threads or at most {@code platformWorkers} platform threads. */
    static Vertx create(boolean virtual, int platformWorkers) {
        // no file cache and no unpacking of classpath files into /tmp/vertx-cache-*: the gateway serves
        // no files from disk, and runs on a read-only root filesystem (ToolHive's vMCP pod)
        VertxOptions options = new VertxOptions().setWorkerPoolSize(platformWorkers)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false));
        // Vert.x 4 takes its worker executors from this factory; its public builder does not expose it
        ExecutorServiceFactory executors = virtual ? new VirtualThreadExecutors() : new ElasticPlatformExecutors();
        return new VertxBuilder(options).executorServiceFactory(executors).init().vertx();
    }

    /** Every Vert.x worker executor as platform threads that start when needed and end when idle. */
    private static final class ElasticPlatformExecutors implements ExecutorServiceFactory {
        @Override
        public ExecutorService createExecutor(ThreadFactory platform, Integer concurrency, Integer maxConcurrency) {
            return new ElasticWorkerPool(maxConcurrency, IDLE_WORKER_SECONDS, TimeUnit.SECONDS, platform);
        }
    }

    /** Every Vert.x worker executor (the request workers, the internal blocking pool) as virtual threads. */
    private static final class VirtualThreadExecutors implements ExecutorServiceFactory {
        @Override
        public ExecutorService createExecutor(ThreadFactory platform, Integer concurrency, Integer maxConcurrency) {
            try {
                Object builder = OF_VIRTUAL.invoke(null);
                Class<?> builderType = Class.forName("java.lang.Thread$Builder");
                builder = builderType.getMethod("name", String.class, long.class).invoke(builder, "caravan-http-", 0L);
                ThreadFactory virtual = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
                return (ExecutorService) NEW_THREAD_PER_TASK.invoke(null, virtual);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create virtual threads on this JVM", e);
            }
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
