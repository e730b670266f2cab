package routes;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.VertxOptions;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.builder.NoErrorHandlerBuilder;
import org.apache.camel.component.http.NoopCookieStore;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.SimpleEventNotifierSupport;
import routes.auth.IdentityPropagation;
import routes.auth.IncomingAuth;
import routes.auth.OutgoingAuth;
import routes.backend.BackendClient;
import routes.backend.BackendHeaderFilter;
import routes.backend.BackendSessionLimits;
import routes.kernel.Pipeline;
import routes.backend.BackendHttpRequest;
import routes.backend.BackendResponseDecoder;
import routes.backend.PipelineSender;
import routes.backend.BackendHttpClientConfigurer;
import routes.catalog.CatalogFetch;
import routes.catalog.CatalogFollower;
import routes.catalog.CatalogRebuild;
import routes.catalog.CatalogRefresh;
import routes.catalog.CatalogStore;
import routes.demo.DemoBackends;
import routes.config.GatewaySettings;
import routes.discovery.StaticDiscovery;
import routes.headers.HeaderForwardEnricher;
import routes.health.CatalogSync;
import routes.health.GatewayReadinessCheck;
import routes.health.HealthEndpoints;
import routes.health.HealthMetrics;
import routes.health.HealthProbe;
import routes.health.HealthProbeSchedule;
import routes.health.HealthState;
import routes.health.MeteredSender;
import routes.health.ProbeRecorder;
import routes.mcp.McpBackendCall;
import routes.mcp.McpBackendTarget;
import routes.mcp.McpBatchReplies;
import routes.mcp.McpCatalogListing;
import routes.mcp.McpErrorReply;
import routes.mcp.McpLifecycle;
import routes.mcp.McpMessageKind;
import routes.mcp.McpRequestDecoder;
import routes.mcp.McpResponseWriter;
import routes.mcp.McpServerStream;
import routes.mcp.McpSessionEnd;
import routes.mcp.McpTransportGuard;
import routes.mcp.OriginPolicy;
import routes.mcp.SessionStore;
import routes.registry.BackendRegistry;
import routes.backend.BackendRelease;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import routes.secrets.Secrets;
import routes.secrets.SecretsSettings;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Binds every bean the routes refer to by name, in one place. The state owners (sessions,
 * registry, catalog, health) are created once here; processors get them through their constructors.
 */
public class CaravanConfiguration implements CamelConfiguration {

    @BindToRegistry("vertxOptions")
    public VertxOptions vertxOptions(@PropertyInject("caravan.http.worker-pool-size") int workers) {
        // platform-http runs each request on a Vert.x worker, and a backend call holds it
        return new VertxOptions().setWorkerPoolSize(workers);
    }

    @Override
    public void configure(CamelContext camel) throws Exception {
        Registry r = camel.getRegistry();
        // failures are handled where they happen (a JSON-RPC error, a backend marked failed);
        // the default handler would also log each one as an undelivered exchange
        camel.getCamelContextExtension().setErrorHandlerFactory(new NoErrorHandlerBuilder());
        var props = camel.getPropertiesComponent();

        SessionStore sessions = new SessionStore(
                longProp(camel, "caravan.session.idle-timeout"), intProp(camel, "caravan.session.max"));
        BackendRegistry registry = new BackendRegistry();
        CatalogStore catalog = new CatalogStore();
        CatalogRefresh refresh = new CatalogRefresh(camel, "direct:catalog-refresh");
        MeterRegistry meters = HealthMetrics.meterRegistry(camel);
        // a legacy SSE backend may announce list changes between requests: the same refresh as during one
        // one backend session per client session and backend; those of an ended client session are closed on a pool
        // of their own, so the client's DELETE (or the housekeeping timer) does not wait for the backends
        ExecutorService sessionCloser = camel.getExecutorServiceManager().newFixedThreadPool(this, "backend-session-close", 2);
        BackendClient client = new BackendClient(new MeteredSender(new PipelineSender(camel, "direct:backend-request"), meters),
                (backend, message) -> {
                    if (message.path("method").asText("").endsWith("/list_changed")) {
                        refresh.request(backend.name());
                    }
                }, Pipeline.Purpose.CATALOG, new BackendSessionLimits(intProp(camel, "caravan.backend.sessions.max-per-backend"),
                        intProp(camel, "caravan.backend.sessions.max")), sessionCloser);
        sessions.onEnd(client::closeOwner);
        // probes get a client of their own: its sessions are never a client's, and its traffic has its own metric
        BackendClient probeClient = new BackendClient(new PipelineSender(camel, "direct:backend-request"), Pipeline.Purpose.PROBE);
        Map<String, String> environment = environment(camel);
        BackendHttpRequest httpRequest = new BackendHttpRequest(longProp(camel, "caravan.backend.connect-timeout"), camel);
        GatewaySettings settings = new GatewaySettings();
        HealthState health = new HealthState(registry, settings::failureHandling, catalog::built, Clock.systemUTC());
        catalog.routing(health::routable);
        health.addListener(new CatalogSync(refresh));
        // everything that follows a registry or settings change listens; added before the first load
        CatalogFollower catalogFollower = new CatalogFollower(catalog, refresh);
        BackendRelease release = new BackendRelease(registry, client, probeClient,
                spec -> HealthProbe.bounded(spec, settings.failureHandling()), httpRequest);
        registry.addListener(health);
        registry.addListener(catalogFollower);
        registry.addListener(release);
        settings.addListener(catalogFollower);
        settings.addListener((before, after) -> release.release());
        StaticDiscovery discovery = StaticDiscovery.create(camel, registry, settings, environment);
        r.bind("sessionStore", sessions);
        r.bind("backendRegistry", registry);
        r.bind("gatewaySettings", settings);
        r.bind("catalogStore", catalog);
        r.bind("backendClient", client);
        r.bind("healthProbeClient", probeClient);
        r.bind("catalogRefresh", refresh);

        // front door
        r.bind("incomingAuth", new IncomingAuth());
        r.bind("mcpTransportGuard", new McpTransportGuard(
                OriginPolicy.parse(props.resolveProperty("caravan.allowed-origins").orElse("")), sessions));
        r.bind("mcpRequestDecoder", new McpRequestDecoder(sessions));
        r.bind("mcpMessageKind", new McpMessageKind());
        r.bind("mcpResponseWriter", new McpResponseWriter());
        r.bind("mcpBatchReplies", new McpBatchReplies());
        r.bind("mcpErrorReply", new McpErrorReply());
        r.bind("mcpLifecycle", new McpLifecycle(sessions, props.resolveProperty("caravan.server.name").orElse("caravan"),
                CaravanMain.VERSION, props.resolveProperty("caravan.server.instructions").orElse("")));
        r.bind("mcpCatalogListing", new McpCatalogListing(catalog, intProp(camel, "caravan.list.page-size")));
        r.bind("mcpBackendTarget", new McpBackendTarget(catalog, registry));
        r.bind("mcpBackendCall", new McpBackendCall(client, refresh, health));
        r.bind("mcpServerStream", new McpServerStream(
                longProp(camel, "caravan.stream.max-age"), intProp(camel, "caravan.stream.max-per-session")));
        r.bind("mcpSessionEnd", new McpSessionEnd(sessions));

        // outbound pipeline
        // the Kubernetes client is built only if a Secret must be read through the API
        Secrets secrets = Secrets.create(SecretsSettings.from(props::resolveProperty, environment), environment,
                () -> new KubernetesClientBuilder().build());
        r.bind("secrets", secrets);
        r.bind("identityPropagation", new IdentityPropagation());
        r.bind("headerForwardEnricher", new HeaderForwardEnricher(secrets));
        r.bind("outgoingAuth", new OutgoingAuth(secrets));
        r.bind("backendHttpRequest", httpRequest);
        r.bind(BackendHttpRequest.CLIENT_CONFIGURER_BEAN, new BackendHttpClientConfigurer());
        r.bind("backendResponseDecoder", new BackendResponseDecoder(longProp(camel, "caravan.backend.max-response-bytes")));
        r.bind("caravanNoCookies", new NoopCookieStore());
        r.bind(BackendHeaderFilter.BEAN, new BackendHeaderFilter());

        // discovery and catalog
        ExecutorService fetchPool = camel.getExecutorServiceManager()
                .newFixedThreadPool(this, "catalog-fetch", intProp(camel, "caravan.catalog.fetch-parallelism"));
        r.bind("catalogFetchPool", fetchPool);
        r.bind("catalogFetch", new CatalogFetch(registry, client, catalog));
        r.bind("catalogRebuild", new CatalogRebuild(catalog));

        // health probes, operational endpoints, metrics
        HealthMetrics healthMetrics = new HealthMetrics(meters, health, catalog, sessions::size);
        r.bind("healthState", health);
        r.bind("healthProbePool", camel.getExecutorServiceManager()
                .newFixedThreadPool(this, "health-probe", intProp(camel, "caravan.health.probe-parallelism")));
        r.bind("healthProbeSchedule", new HealthProbeSchedule(health, registry, probeClient, healthMetrics));
        r.bind("healthProbe", new HealthProbe(probeClient, health));
        r.bind("probeRecorder", new ProbeRecorder(health, healthMetrics, spec -> spec.auth().sendsCredentials(), Clock.systemUTC()));
        r.bind("healthEndpoints", new HealthEndpoints(health, registry));
        // a HealthCheck bean is found by Camel's health registry: /observe/health/ready asks it
        r.bind("gatewayReadinessCheck", new GatewayReadinessCheck(health));
        // the catalog is fetched once the routes run (the config was loaded before);
        // open GET streams would hold the graceful shutdown until its timeout: end them first,
        // and end our backend sessions while the pipeline routes still run
        camel.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    refresh.start();
                }
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    // backend sessions first, inline: the pipeline routes still run, the close pool may not
                    client.closeAll();
                    sessions.closeAll();
                    probeClient.closeAll();
                    secrets.close();
                }
            }
        });

        r.bind("staticDiscovery", discovery);
        if (discovery.demoMode()) {
            camel.addRoutes(new DemoBackends());
        }
    }

    /** The process environment, or the map a test bound as {@code caravanEnvironment}. */
    @SuppressWarnings("unchecked")
    static Map<String, String> environment(CamelContext camel) {
        Map<String, String> injected = camel.getRegistry().lookupByNameAndType("caravanEnvironment", Map.class);
        return injected != null ? Map.copyOf(injected) : System.getenv();
    }

    static long longProp(CamelContext camel, String key) {
        return Long.parseLong(camel.getPropertiesComponent().resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("property " + key + " is not set")).trim());
    }

    static int intProp(CamelContext camel, String key) {
        return Math.toIntExact(longProp(camel, key));
    }
}
