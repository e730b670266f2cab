package routes.discovery.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import routes.config.GatewayConfig;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the gateway meets Kubernetes, settled as ToolHive's pod is: the namespace from
 * {@code VMCP_NAMESPACE}, "under the operator" when {@code VMCP_NAME} and {@code VMCP_NAMESPACE}
 * are both set, and the API server from fabric8's standard settings (in-cluster service account,
 * {@code KUBECONFIG}, {@code KUBERNETES_MASTER}).
 *
 * @param discovery      {@code auto} (ToolHive's rule: a config with no backends and
 *                       {@code outgoingAuth.source: discovered}), {@code true} (also beside static
 *                       backends) or {@code false}
 * @param namespace      the namespace to watch, or null to take the client's own (service account,
 *                       kubeconfig, else {@code default})
 * @param vmcpName       the VirtualMCPServer this pod serves under ToolHive's operator, or null
 * @param resyncInterval how often every kind is listed again (heals a lost watch)
 * @param master         an API server URL that overrides fabric8's own discovery, or null
 * @param allowedHosts   hosts or IPs whose MCPServerEntry remoteUrls pass the SSRF table (an admin's
 *                       decision; empty by default), comma-separated
 * @param leaseDuration  how long a replica's lease on writing status lasts without renewal
 */
public record KubernetesSettings(String discovery, String namespace, String vmcpName, Duration resyncInterval,
                                 String master, String allowedHosts, Duration leaseDuration) {

    public static final String DISCOVERY = "caravan.kubernetes.discovery";
    public static final String NAMESPACE = "caravan.kubernetes.namespace";
    public static final String RESYNC_INTERVAL = "caravan.kubernetes.resync-interval";
    public static final String MASTER = "caravan.kubernetes.master";
    public static final String ALLOWED_HOSTS = "caravan.discovery.allowed-hosts";
    public static final String ALLOWED_HOSTS_ENV = "CARAVAN_DISCOVERY_ALLOWED_HOSTS";
    public static final String LEASE_DURATION = "caravan.kubernetes.lease-duration";

    public KubernetesSettings {
        if (!discovery.equals("auto") && !discovery.equals("true") && !discovery.equals("false")) {
            throw new IllegalArgumentException(DISCOVERY + " must be auto, true or false, not '" + discovery + "'");
        }
    }

    /**
     * @param settings a property lookup ({@code caravan.kubernetes.*})
     * @param env      the process environment ({@code VMCP_NAME}, {@code VMCP_NAMESPACE})
     */
    public static KubernetesSettings from(Function<String, Optional<String>> settings, Map<String, String> env) {
        String discovery = text(settings, DISCOVERY).orElse("auto").toLowerCase(Locale.ROOT);
        String namespace = Optional.ofNullable(env.get("VMCP_NAMESPACE")).filter(s -> !s.isBlank())
                .or(() -> text(settings, NAMESPACE)).orElse(null);
        String name = Optional.ofNullable(env.get("VMCP_NAME")).filter(s -> !s.isBlank()).orElse(null);
        String vmcpName = name != null && env.get("VMCP_NAMESPACE") != null && !env.get("VMCP_NAMESPACE").isBlank() ? name : null;
        String allowed = Optional.ofNullable(env.get(ALLOWED_HOSTS_ENV)).filter(s -> !s.isBlank())
                .or(() -> text(settings, ALLOWED_HOSTS)).orElse("");
        return new KubernetesSettings(discovery, namespace, vmcpName, millis(settings, RESYNC_INTERVAL, 30_000),
                text(settings, MASTER).orElse(null), allowed, millis(settings, LEASE_DURATION, 15_000));
    }

    private static Duration millis(Function<String, Optional<String>> settings, String key, long dflt) {
        try {
            long v = Long.parseLong(text(settings, key).orElse(Long.toString(dflt)));
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a positive number of milliseconds");
        }
    }

    /** Whether this config's backends are discovered from Kubernetes. */
    public boolean active(GatewayConfig config) {
        return switch (discovery) {
            case "true" -> true;
            case "false" -> false;
            default -> config.backends().isEmpty() && "discovered".equals(config.outgoingAuth().source());
        };
    }

    /** ToolHive's operator runs this pod for a VirtualMCPServer: it validates entries, we report status. */
    public boolean underOperator() {
        return vmcpName != null;
    }

    /**
     * A client for the API server: {@link #master} if set, else fabric8's own discovery. It runs on
     * the gateway's Vert.x (fabric8 would start one of its own per client), which closing the client
     * leaves running.
     */
    public KubernetesClient client(Vertx vertx) {
        Config base = master == null ? Config.autoConfigure(null)
                : new ConfigBuilder(Config.empty()).withMasterUrl(master).withTrustCerts(true).build();
        // an API server that does not answer is reported within seconds, not after fabric8's ten retries
        Config config = new ConfigBuilder(base).withConnectionTimeout(5_000).withRequestTimeout(10_000)
                .withRequestRetryBackoffLimit(2).build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new VertxHttpClientFactory(vertx)).build();
    }

    /** The namespace to watch: the setting, else the client's (service account, kubeconfig), else default. */
    public String namespaceFor(KubernetesClient client) {
        if (namespace != null) {
            return namespace;
        }
        String own = client.getNamespace();
        return own == null || own.isBlank() ? "default" : own;
    }

    /**
     * The Lease that elects the one replica writing status: per virtual server, so two gateways of
     * different groups in one namespace do not wait on each other.
     */
    public String leaseName(String serverName) {
        String n = ("caravan-" + serverName).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        n = n.length() > 63 ? n.substring(0, 63) : n;
        return n.replaceAll("-+$", "");
    }

    private static Optional<String> text(Function<String, Optional<String>> settings, String key) {
        return settings.apply(key).map(String::trim).filter(s -> !s.isEmpty());
    }
}
