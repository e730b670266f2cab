package routes;

import io.vertx.core.Vertx;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.NoErrorHandlerBuilder;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;
import routes.kernel.DueTimeScheduler;
import routes.kernel.StepGate;
import routes.mcp.ListenStreams;
import routes.overrides.RouteOverrides;
import routes.telemetry.FlowTimers;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The composition root camel-main starts from. It makes the state owners once
 * ({@link GatewayState}) and has each concern bind the beans its routes refer to by name: the
 * front door, the outbound pipeline, the catalog, health, and discovery (loading the config sets
 * everything else in motion), then telemetry as the loaded config asks.
 */
public class CaravanConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) throws Exception {
        // failures are handled where they happen (a JSON-RPC error, a backend marked failed);
        // the default handler would also log each one as an undelivered exchange
        camel.getCamelContextExtension().setErrorHandlerFactory(new NoErrorHandlerBuilder());
        CaravanProperties properties = new CaravanProperties(camel);
        // platform-http (the MCP endpoint and the management port) finds this one by type
        Vertx vertx = HttpWorkers.create(HttpWorkers.useVirtualThreads(properties.text("caravan.http.virtual-threads", "auto")),
                properties.intValue("caravan.http.worker-pool-size"));
        camel.getRegistry().bind("vertx", vertx);
        // GET streams hand their response over instead of holding a worker for their whole life
        StreamingHttpEngine engine = new StreamingHttpEngine();
        engine.setCamelContext(camel);
        camel.getRegistry().bind(StreamingHttpEngine.NAME, PlatformHttpEngine.class, engine);
        GatewayState state = GatewayState.create(camel, properties);
        routes.authz.Authorizer authorizer = AuthzBeans.bind(camel, state);
        FrontDoorBeans.bind(camel.getRegistry(), state, properties);
        PipelineBeans.bind(camel, state, properties);
        CatalogBeans.bind(camel, state, properties);
        HealthBeans.bind(camel, state, properties);
        DiscoveryBeans.bind(camel, state, properties);
        IncomingAuthBeans.bind(camel, state, properties);
        GuardBeans.bind(camel, state, properties);
        AuthzBeans.follow(camel, authorizer);
        UiBeans.bind(camel, state, properties);
        TelemetryBeans.bind(camel, state, properties);
        lifecycle(camel, state, vertx);
        routeMetrics(camel, state, properties.text("caravan.metrics.untimed-routes", ""));
        routeOverrides(camel, properties);
        stepGates(camel);
    }

    /**
     * The gates of the request path's optional steps ({@code filter: {ref: ...}} in mcp-forward,
     * mcp-message and backend-request): each built-in step's processor says whether it has work,
     * and a step whose route the override folder replaces is always entered.
     */
    private static void stepGates(CamelContext camel) {
        Registry r = camel.getRegistry();
        RouteOverrides overrides = r.lookupByNameAndType("routeOverrides", RouteOverrides.class);
        gate(r, overrides, "authorizationGate", "authorization", "mcpAuthorization");
        gate(r, overrides, "rateLimitGate", "rate-limit", "mcpRateLimit");
        gate(r, overrides, "auditGate", "audit", "mcpAudit");
        gate(r, overrides, "identityPropagationGate", "identity-propagation", "identityPropagation");
        gate(r, overrides, "headerForwardGate", "header-forward", "headerForwardEnricher");
        gate(r, overrides, "outgoingAuthGate", "outgoing-auth", "outgoingAuth");
    }

    private static void gate(Registry r, RouteOverrides overrides, String name, String routeId, String processor) {
        r.bind(name, new StepGate(routeId, r.lookupByNameAndType(processor, StepGate.Step.class), overrides::replaces));
    }

    /**
     * The override folder: applied once camel-main has loaded the built-in routes and before they
     * start ({@link CaravanMain}'s listener), then by route route-overrides as it changes.
     */
    private static void routeOverrides(CamelContext camel, CaravanProperties properties) throws Exception {
        Path dir = Path.of(properties.text("caravan.routes.override-dir", "/etc/caravan/routes"));
        camel.getRegistry().bind("routeOverrides", new RouteOverrides(camel, dir, RouteOverrides.builtIns(camel)));
        // route route-overrides runs when the folder changes (polled where it cannot be watched); with
        // caravan.routes.reload=false the route does not start, and nothing is watched
        boolean reload = Boolean.parseBoolean(properties.text("caravan.routes.reload", "true"));
        camel.getRegistry().bind("routeOverridesScheduler", DueTimeScheduler.forFolder(camel, "route-overrides",
                reload ? dir : null, Duration.ofMillis(properties.longValue("caravan.routes.reload-interval")),
                Duration.ofMillis(properties.longValue("caravan.files.reread-interval"))));
    }

    /** Camel's route metrics, for the flows: the routes that are steps of a timed flow are left out. */
    private static void routeMetrics(CamelContext camel, GatewayState state, String untimed) {
        camel.addRoutePolicyFactory(new FlowTimers(state.meters(), untimed));
    }

    /**
     * Starts the catalog once the routes run, and ends sessions in the right order at shutdown. A
     * lifecycle strategy, not an event notifier: with no notifier registered, Camel skips its
     * event checks on every hop of every call.
     */
    private static void lifecycle(CamelContext camel, GatewayState s, Vertx vertx) throws Exception {
        // the config was loaded before the routes ran: its backends are fetched once the context has
        // fully started, not while it starts (a fetch then raced camel-main's property summary, which
        // it prints as the routes start, and its first endpoints' properties were added to it meanwhile)
        camel.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // the routes are not running yet
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                s.refresh().start();
            }
        });
        camel.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext context) {
                // backend sessions first, inline, while the pipeline routes still run; then the
                // clients' GET streams, which would hold the graceful shutdown until its timeout
                s.client().closeAll();
                s.sessions().closeAll();
                ListenStreams listeners = context.getRegistry().lookupByNameAndType("listenStreams", ListenStreams.class);
                if (listeners != null) {
                    listeners.closeAll(); // 2026-07-28 clients' subscriptions/listen streams, likewise
                }
                s.probeClient().closeAll();
                s.secrets().close();
            }

            @Override
            public void onContextStopped(CamelContext context) {
                // ours, not platform-http's: it closes only a Vert.x it made itself
                vertx.close();
                // the custom-resources consumer never closes its watch (camel-kubernetes 4.18): closing
                // the client ends it, instead of it reconnecting for as long as the JVM lives
                s.closeKubernetes();
            }
        });
    }
}
