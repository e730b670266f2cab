package routes;

import io.vertx.core.Vertx;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import routes.backend.BackendClient;
import routes.backend.BackendEventStreams;
import routes.backend.BackendHttpRequest;
import routes.backend.BackendSessionLimits;
import routes.backend.PipelineSender;
import routes.catalog.CatalogRefresh;
import routes.catalog.CatalogStore;
import routes.config.ConfigStatus;
import routes.config.GatewaySettings;
import routes.discovery.kubernetes.KubernetesSettings;
import routes.health.HealthMetrics;
import routes.health.HealthState;
import routes.health.MeteredSender;
import routes.kernel.Pipeline;
import routes.mcp.BackendMessages;
import routes.mcp.McpSession;
import routes.mcp.ParkedCalls;
import routes.mcp.SessionStore;
import routes.mcp.StreamLimits;
import routes.registry.BackendRegistry;
import routes.secrets.Secrets;
import routes.secrets.SecretsSettings;
import routes.telemetry.Telemetry;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The objects that hold the gateway's state, each with one owner, made once and handed to the
 * processors of every concern: client sessions, the backend registry and the settings in force,
 * the catalog, health, the backend clients and their HTTP step, and secrets.
 *
 * @param client      the clients' and the catalog's backend sessions
 * @param probeClient the prober's own sessions: never a client's, and its traffic has its own metric
 * @param configStatus the config in force and the last rejected reload
 * @param kubernetes   the one Kubernetes API client (Secrets, discovery, status), built on first use
 */
record GatewayState(SessionStore sessions, BackendRegistry registry, GatewaySettings settings, CatalogStore catalog,
                    CatalogRefresh refresh, HealthState health, BackendClient client, BackendClient probeClient,
                    BackendHttpRequest http, Secrets secrets, MeterRegistry meters, ConfigStatus configStatus,
                    KubernetesSettings kubernetesSettings, Supplier<KubernetesClient> kubernetes, ParkedCalls parkedCalls) {

    static GatewayState create(CamelContext camel, CaravanProperties p) {
        SessionStore sessions = new SessionStore(p.longValue("caravan.session.idle-timeout"), p.intValue("caravan.session.max"),
                new StreamLimits(p.longValue("caravan.stream.max-age"), p.intValue("caravan.stream.max-per-session"),
                        p.intValue("caravan.stream.replay-events"), p.longValue("caravan.stream.replay-bytes"),
                        p.longValue("caravan.stream.replay-window"), p.intValue("caravan.stream.retained-per-session"),
                        p.longValue("caravan.stream.retry")));
        BackendRegistry registry = new BackendRegistry();
        GatewaySettings settings = new GatewaySettings();
        CatalogStore catalog = new CatalogStore();
        CatalogRefresh refresh = new CatalogRefresh(camel, "direct:catalog-refresh");
        // through a composite, so the telemetry section can add an OTLP registry beside Prometheus
        MeterRegistry meters = Telemetry.meters(HealthMetrics.meterRegistry(camel));

        // the backend sessions of an ended client session are closed on a pool of their own, so the
        // client's DELETE (or the housekeeping timer) does not wait for the backends
        ExecutorService closer = camel.getExecutorServiceManager().newFixedThreadPool(sessions, "backend-session-close", 2);
        // backend GET streams: the catalog's sessions always (list_changed between requests), a
        // client's only while the client holds a GET stream to relay to. Each costs a thread and a
        // connection for its life (about 175 KB of RSS, measured), so 200 clients x N backends
        // would be 200 N of each, for nothing when the clients do not listen
        BackendEventStreams streams = new BackendEventStreams(p.intValue("caravan.backend.event-streams.max"),
                (owner, backend) -> BackendClient.GATEWAY.equals(owner) || listening(sessions.peek(owner)));
        BackendClient client = new BackendClient(new MeteredSender(new PipelineSender(camel, "direct:backend-request"), meters,
                name -> registry.get(name) != null),
                new BackendMessages(sessions, refresh),
                Pipeline.Purpose.CATALOG, new BackendSessionLimits(p.intValue("caravan.backend.sessions.max-per-backend"),
                p.intValue("caravan.backend.sessions.max")), closer,
                camel.getExecutorServiceManager().newFixedThreadPool(sessions, "backend-cancel", 2),
                // each client session's backend sessions declare what that client can do
                owner -> {
                    McpSession session = sessions.peek(owner);
                    return session == null ? null : session.clientCapabilities();
                }, streams);
        sessions.onEnd(client::closeOwner);
        BackendClient probeClient = new BackendClient(new PipelineSender(camel, "direct:backend-request"), Pipeline.Purpose.PROBE);
        BackendHttpRequest http = new BackendHttpRequest(p.longValue("caravan.backend.connect-timeout"), camel);

        HealthState health = new HealthState(registry, settings::failureHandling, catalog::built, Clock.systemUTC());
        catalog.routing(health::routable);
        KubernetesSettings kube = KubernetesSettings.from(camel.getPropertiesComponent()::resolveProperty, p.environment());
        Supplier<KubernetesClient> kubernetes = new SharedClient(kube, camel.getRegistry().lookupByNameAndType("vertx", Vertx.class));
        // the Kubernetes client is built only if a Secret must be read through the API, or discovery needs it
        Secrets secrets = Secrets.create(SecretsSettings.from(camel.getPropertiesComponent()::resolveProperty, p.environment()),
                p.environment(), kubernetes);
        return new GatewayState(sessions, registry, settings, catalog, refresh, health, client, probeClient, http, secrets, meters,
                new ConfigStatus(), kube, kubernetes, parkedCalls(p.intValue("caravan.mcp.parked-calls.max")));
    }

    /** Stateless clients' parkable calls, on threads of their own (one per call, idle ones go after a minute). */
    private static ParkedCalls parkedCalls(int max) {
        AtomicInteger names = new AtomicInteger();
        return new ParkedCalls(new ThreadPoolExecutor(0, Math.max(1, max), 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "caravan-parked-call-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        }), max);
    }

    private static boolean listening(McpSession client) {
        return client != null && client.streams().connectedGetStreams() > 0;
    }

    /** Closes the Kubernetes client, and with it every watch and informer on it, if it was ever built. */
    void closeKubernetes() {
        ((SharedClient) kubernetes).close();
    }

    /** Builds the client once, on first use, so a gateway that never needs the API never connects. */
    private static final class SharedClient implements Supplier<KubernetesClient> {
        private final KubernetesSettings settings;
        private final Vertx vertx;
        private KubernetesClient client;

        SharedClient(KubernetesSettings settings, Vertx vertx) {
            this.settings = settings;
            this.vertx = vertx;
        }

        @Override
        public synchronized KubernetesClient get() {
            if (client == null) {
                client = settings.client(vertx);
            }
            return client;
        }

        synchronized void close() {
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }
}
