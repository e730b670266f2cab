package routes.discovery;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.backend.BackendClient;
import routes.backend.BackendHttpRequest;
import routes.backend.BackendRegistry;
import routes.backend.HeaderForward;
import routes.catalog.CatalogStore;
import routes.secrets.EnvNames;
import routes.secrets.ToolHiveHeaderEnv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Backends from the config file (or the built-in demo config). The first load happens when the
 * gateway starts, and a bad file stops the start with an error that names the file, entry and
 * field. Later the timer re-reads the file: a changed file replaces the registry's backends; a
 * broken edit is reported once and the last good config stays in force.
 *
 * <p>Leaves in the body the names of the backends the catalog must re-fetch: those the change
 * touched, plus those whose last fetch failed (so a backend that comes up joins by itself).
 */
public final class StaticDiscovery implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(StaticDiscovery.class);

    private final Path file;
    private final String demoText;
    private final BackendRegistry registry;
    private final CatalogStore catalog;
    private final BackendClient client;
    private final BackendHttpRequest http;
    /** Read for ToolHive's TOOLHIVE_HEADER_FORWARD_* manifests, whose backends the config names. */
    private final Map<String, String> environment;
    private List<String> envWarnings = List.of();
    private byte[] lastDigest;
    private byte[] lastBadDigest;
    private GatewayConfig current;
    private Map<String, String> rejected = Map.of();
    /** What the load at start touched, fetched on the first timer round. */
    private Set<String> pendingAtStart = Set.of();

    private StaticDiscovery(Path file, String demoText, BackendRegistry registry, CatalogStore catalog,
                            BackendClient client, BackendHttpRequest http, Map<String, String> environment) {
        this.environment = environment;
        this.file = file;
        this.demoText = demoText;
        this.registry = registry;
        this.catalog = catalog;
        this.client = client;
        this.http = http;
    }

    /** Reads caravan.config; with none set, the demo config with the demo port filled in. */
    public static StaticDiscovery create(CamelContext camel, BackendRegistry registry, CatalogStore catalog,
                                         BackendClient client, BackendHttpRequest http, Map<String, String> environment)
            throws IOException, ConfigException {
        String path = camel.getPropertiesComponent().resolveProperty("caravan.config").orElse("").trim();
        String demo = null;
        if (path.isEmpty()) {
            try (var in = StaticDiscovery.class.getResourceAsStream("/demo/caravan-demo.yaml")) {
                demo = camel.resolvePropertyPlaceholders(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        StaticDiscovery d = new StaticDiscovery(path.isEmpty() ? null : Path.of(path), demo, registry, catalog, client, http,
                environment);
        d.loadAtStart();
        return d;
    }

    public boolean demoMode() {
        return file == null;
    }

    public synchronized GatewayConfig current() {
        return current;
    }

    /** Configured backends that are not routed to, with the reason (names no header value). */
    public synchronized Map<String, String> rejected() {
        return rejected;
    }

    private void loadAtStart() throws IOException, ConfigException {
        byte[] bytes = read();
        pendingAtStart = apply(parse(bytes), digest(bytes));
    }

    @Override
    public synchronized void process(Exchange exchange) {
        Set<String> refetch = new HashSet<>(catalog.failedBackends());
        refetch.addAll(pendingAtStart);
        pendingAtStart = Set.of();
        if (file != null) {
            byte[] bytes = null;
            try {
                bytes = read();
                byte[] digest = digest(bytes);
                if (!Arrays.equals(digest, lastDigest) && !Arrays.equals(digest, lastBadDigest)) {
                    refetch.addAll(apply(parse(bytes), digest));
                    lastBadDigest = null;
                }
            } catch (IOException | ConfigException e) {
                // the digest of what was read, not a second read: an editor may have finished
                // writing meanwhile, and that good content must not be remembered as bad
                byte[] bad = bytes == null ? new byte[0] : digest(bytes);
                if (!Arrays.equals(bad, lastBadDigest)) {
                    LOG.error("Config {} not applied, the last good config stays in force: {}", file, e.getMessage());
                    lastBadDigest = bad;
                }
            }
        }
        exchange.getMessage().setBody(refetch);
    }

    private Set<String> apply(GatewayConfig config, byte[] digest) {
        BackendAssembler.Result assembled = BackendAssembler.assemble(config, headersFromEnvironment(config));
        assembled.rejected().forEach((name, reason) -> {
            if (!reason.equals(rejected.get(name))) {
                LOG.error("Backend '{}' is not routed to: {}", name, reason);
            }
        });
        rejected = assembled.rejected();
        Set<String> touched = new HashSet<>(registry.replaceAll(assembled.specs()).touched());
        if (current == null || !config.aggregation().equals(current.aggregation())) {
            catalog.settings(config.aggregation());
            // naming rules changed: every backend's tools are renamed, so rebuild them all
            touched.addAll(registry.snapshot().keySet());
        }
        client.retainOnly(registry.list());
        http.retainOnly(registry.list());
        current = config;
        lastDigest = digest;
        if (!touched.isEmpty()) {
            LOG.info("Config {}: {} backend(s) {}", source(), registry.snapshot().size(), registry.snapshot().keySet());
        }
        return touched;
    }

    /** ToolHive's operator contract; its warnings are logged once each time they change. */
    private Map<String, BackendAssembler.EnvHeaders> headersFromEnvironment(GatewayConfig config) {
        List<String> names = config.backends().stream().map(BackendConfig::name).toList();
        ToolHiveHeaderEnv.Result env = ToolHiveHeaderEnv.read(environment, names);
        if (!env.warnings().equals(envWarnings)) {
            env.warnings().forEach(w -> LOG.warn("Header forwarding from the environment: {}", w));
            envWarnings = env.warnings();
        }
        Map<String, BackendAssembler.EnvHeaders> byBackend = new HashMap<>();
        env.backends().forEach((name, headers) -> byBackend.put(name, new BackendAssembler.EnvHeaders(
                EnvNames.manifestVariable(name), new HeaderForward(headers.plaintext(), Map.copyOf(headers.fromSecret())))));
        return byBackend;
    }

    private GatewayConfig parse(byte[] bytes) throws ConfigException {
        return ConfigLoader.parse(new String(bytes, StandardCharsets.UTF_8), source());
    }

    private byte[] read() throws IOException {
        return file == null ? demoText.getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(file);
    }

    private String source() {
        return file == null ? "built-in demo config" : file.toString();
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
