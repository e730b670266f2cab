package routes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.GatewayConfig;
import org.apache.camel.support.service.ServiceSupport;
import routes.discovery.kubernetes.EntryGate;
import routes.discovery.kubernetes.EntryStatusWriter;
import routes.discovery.kubernetes.EntryValidation;
import routes.discovery.kubernetes.LeaseLeadership;
import routes.discovery.kubernetes.RemoteUrlPolicy;
import routes.discovery.kubernetes.StandaloneEntryGate;
import routes.discovery.kubernetes.KubernetesDiscovery;
import routes.discovery.kubernetes.KubernetesSettings;
import routes.discovery.kubernetes.WorkloadKind;
import routes.health.HealthEndpoints;
import routes.health.HealthState;
import routes.health.VirtualServerStatusReport;
import routes.health.VirtualServerStatusWriter;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The Kubernetes source (discovery-kubernetes, its watch routes, discovery-resync), bound only when
 * the config is discovered from a group; otherwise its routes stay stopped. The first list runs
 * here, before any route starts: a gateway in dynamic mode that cannot reach the API fails to
 * start with the reason.
 */
final class KubernetesBeans {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesBeans.class);

    /** The routes that watch, one per kind (file name = route id). */
    static final List<String> WATCH_ROUTES = List.of(WorkloadKind.MCP_SERVER_ENTRY, WorkloadKind.MCP_SERVER,
            WorkloadKind.MCP_REMOTE_PROXY, WorkloadKind.MCP_EXTERNAL_AUTH_CONFIG).stream()
            .map(k -> "discovery-kubernetes-watch-" + k.plural()).toList();

    private KubernetesBeans() {
    }

    static void bind(CamelContext camel, GatewayState s, Supplier<GatewayConfig> config) throws Exception {
        KubernetesSettings settings = s.kubernetesSettings();
        GatewayConfig first = config.get();
        boolean active = settings.active(first);
        var properties = camel.getPropertiesComponent();
        properties.addOverrideProperty("caravan.kubernetes.active", Boolean.toString(active));
        properties.addOverrideProperty("caravan.kubernetes.report-status", Boolean.toString(active && settings.underOperator()));
        if (!active || !settings.underOperator()) {
            // the routes are created (not started) either way, and Camel resolves their bean at creation
            camel.getRegistry().bind("virtualServerStatusReport", new Off());
        }
        if (!active) {
            properties.addOverrideProperty("caravan.kubernetes.watch-namespace", "unused");
            // the watch routes are created (not started) either way, but their endpoints start and each
            // would build a client, and a Vert.x with its threads, of its own: they find this one by type.
            // It never connects.
            camel.getRegistry().bind("kubernetesClient", s.kubernetes().get());
            camel.getRegistry().bind("kubernetesDiscovery", new Off());
            if (first.backends().isEmpty()) {
                LOG.warn("No backends in the config and outgoingAuth.source is '{}': nothing is discovered (ToolHive's"
                        + " rule needs source: discovered; or set {}=true)", first.outgoingAuth().source(),
                        KubernetesSettings.DISCOVERY);
            }
            return;
        }
        KubernetesClient client = s.kubernetes().get();
        String namespace = settings.namespaceFor(client);
        properties.addOverrideProperty("caravan.kubernetes.watch-namespace", namespace);
        // one replica writes status: entries' (standalone) or the VirtualMCPServer's (under the operator)
        String leaseName = settings.leaseName(settings.underOperator() ? settings.vmcpName() : first.name());
        LeaseLeadership lease = new LeaseLeadership(client, namespace, leaseName, LeaseLeadership.defaultIdentity(),
                settings.leaseDuration(), settings.leaseDuration().multipliedBy(2).dividedBy(3),
                settings.leaseDuration().dividedBy(7));
        // ToolHive's operator grants its vMCP no Leases (its vMCP elects nobody): then every replica
        // writes, as ToolHive's do, rather than none
        AtomicBoolean everyReplicaWrites = new AtomicBoolean();
        BooleanSupplier leader = () -> everyReplicaWrites.get() || lease.isLeader();
        EntryGate gate = settings.underOperator() ? EntryGate.OPERATOR_VALIDATED
                : new StandaloneEntryGate(new EntryValidation(client, namespace, RemoteUrlPolicy.fromSetting(settings.allowedHosts())),
                new EntryStatusWriter(client, namespace, leader));
        if (settings.underOperator()) {
            camel.getRegistry().bind("virtualServerStatusReport", new VirtualServerStatusReport(s.health()::snapshot,
                    s.registry()::snapshot, s.health()::settings,
                    new VirtualServerStatusWriter(client, namespace, settings.vmcpName(), leader), leader, Clock.systemUTC()));
        }
        KubernetesDiscovery discovery = new KubernetesDiscovery(client, namespace, s.registry(), config, gate,
                Clock.systemUTC(), settings.resyncInterval(), () -> restartWatches(camel));
        discovery.firstList();
        // elected after the first list: a gateway that cannot start holds no lease; until elected, nothing is written
        if (leasesForbidden(client, namespace, leaseName)) {
            LOG.warn("Kubernetes discovery: the service account may not read Leases in namespace {}, so this replica"
                    + " writes status without an election (as ToolHive's vMCP does); with more than one replica, grant"
                    + " leases get/create/update for one writer", namespace);
            everyReplicaWrites.set(true);
        } else {
            lease.start();
            camel.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    lease.close(); // hands the lease over now, not after it runs out
                }
            });
        }
        // an empty group changes nothing in the registry, yet its (empty) catalog is the first round's result
        s.refresh().rebuild();
        LOG.info("Kubernetes discovery: group {} in namespace {} ({}), {} backend(s) at start", first.groupRef(), namespace,
                settings.underOperator() ? "under ToolHive's operator, VirtualMCPServer " + settings.vmcpName()
                        : "standalone", s.registry().claims(routes.registry.BackendRegistry.KUBERNETES).size());
        s.health().sourceGate(new HealthState.SourceGate(discovery::pending, true));
        // the custom-resources consumer finds the client by type, as everything else here does
        camel.getRegistry().bind("kubernetesClient", client);
        camel.getRegistry().bind("kubernetesDiscovery", discovery);
        camel.getRegistry().lookupByNameAndType("healthEndpoints", HealthEndpoints.class).source(() -> new HealthEndpoints.SourceView(
                "kubernetes", namespace, config.get().groupRef(), settings.underOperator() ? "operator" : "standalone",
                discovery.lastList(), discovery.skipped().keySet().stream().sorted().toList()));
    }

    /** What the Kubernetes routes call when discovery is off: they are never started then, so nothing does. */
    static final class Off {
        public void onEvent(String plural, String action, String json) {
            throw off();
        }

        public boolean resync() {
            throw off();
        }

        public boolean tick() {
            throw off();
        }

        private static IllegalStateException off() {
            return new IllegalStateException("Kubernetes discovery is off for this config (" + KubernetesSettings.DISCOVERY
                    + "); its routes must not be started by hand");
        }
    }

    private static boolean leasesForbidden(KubernetesClient client, String namespace, String leaseName) {
        try {
            client.leases().inNamespace(namespace).withName(leaseName).get();
            return false;
        } catch (KubernetesClientException e) {
            return e.getCode() == 403;
        }
    }

    private static void restartWatches(CamelContext camel) {
        for (String id : WATCH_ROUTES) {
            try {
                camel.getRouteController().stopRoute(id);
                camel.getRouteController().startRoute(id);
            } catch (Exception e) {
                LOG.warn("Kubernetes discovery: could not restart watch route {}: {}", id, e.toString());
            }
        }
    }
}
