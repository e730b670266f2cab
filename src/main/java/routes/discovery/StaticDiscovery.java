package routes.discovery;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.config.BackendConfig;
import routes.config.ConfigException;
import routes.config.ConfigLoader;
import routes.config.ConfigStatus;
import routes.config.GatewayConfig;
import routes.config.GatewaySettings;
import routes.kernel.BackendSpec;
import routes.kernel.HeaderForward;
import routes.registry.BackendRegistry;
import routes.registry.RegistryChange;
import routes.secrets.EnvNames;
import routes.secrets.ToolHiveHeaderEnv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The config-file source: backends from the config file (or the built-in demo config), with the
 * headers ToolHive's env contract gives them. The first load happens when the gateway starts, and
 * a bad file stops the start with an error that names the file, entry and field. Later the timer
 * re-reads the file: a changed file replaces this source's backends in the registry (the
 * registry's listeners do the rest); a broken edit is reported once and the last good config
 * stays in force. The config's other settings go to {@link GatewaySettings}.
 */
public final class StaticDiscovery implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(StaticDiscovery.class);

    private final Path file;
    private final String demoText;
    private final BackendRegistry registry;
    private final GatewaySettings settings;
    /** Read for ToolHive's TOOLHIVE_HEADER_FORWARD_* manifests, whose backends the config names. */
    private final Map<String, String> environment;
    private final ConfigStatus status;
    private List<String> envWarnings = List.of();
    private byte[] lastDigest;
    private byte[] lastBadDigest;
    private GatewayConfig current;
    private Map<String, String> rejected = Map.of();
    /** What follows each applied config: the one given at creation (it hears the first too), then later ones. */
    private final List<Consumer<GatewayConfig>> appliedListeners = new CopyOnWriteArrayList<>();
    private final OperationalLogLevel logLevel = new OperationalLogLevel();

    private StaticDiscovery(Path file, String demoText, BackendRegistry registry, GatewaySettings settings,
                            Map<String, String> environment, ConfigStatus status, Consumer<GatewayConfig> onApplied) {
        this.environment = environment;
        this.status = status;
        this.appliedListeners.add(onApplied);
        this.file = file;
        this.demoText = demoText;
        this.registry = registry;
        this.settings = settings;
    }

    /**
     * Reads caravan.config; with none set, the demo config with the demo port filled in.
     *
     * @param status    hears each applied and each rejected config
     * @param onApplied runs after each config took effect (the first one too)
     */
    public static StaticDiscovery create(CamelContext camel, BackendRegistry registry, GatewaySettings settings,
                                         Map<String, String> environment, ConfigStatus status,
                                         Consumer<GatewayConfig> onApplied)
            throws IOException, ConfigException {
        String path = camel.getPropertiesComponent().resolveProperty("caravan.config").orElse("").trim();
        String demo = null;
        if (path.isEmpty()) {
            try (var in = StaticDiscovery.class.getResourceAsStream("/demo/caravan-demo.yaml")) {
                demo = camel.resolvePropertyPlaceholders(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        StaticDiscovery d = new StaticDiscovery(path.isEmpty() ? null : Path.of(path), demo, registry, settings, environment,
                status, onApplied);
        d.loadAtStart();
        return d;
    }

    public boolean demoMode() {
        return file == null;
    }

    /** The config file, or null in demo mode. */
    public Path file() {
        return file;
    }

    /** Also hears each config applied from now on (not the first, which {@link #current()} gives), on the timer's thread. */
    public void onApplied(Consumer<GatewayConfig> listener) {
        appliedListeners.add(listener);
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
        apply(parse(bytes), digest(bytes));
    }

    @Override
    public synchronized void process(Exchange exchange) {
        if (file == null) {
            return;
        }
        byte[] bytes = null;
        try {
            bytes = read();
            byte[] digest = digest(bytes);
            if (!Arrays.equals(digest, lastDigest) && !Arrays.equals(digest, lastBadDigest)) {
                apply(parse(bytes), digest);
                lastBadDigest = null;
            }
        } catch (IOException | ConfigException e) {
            // the digest of what was read, not a second read: an editor may have finished
            // writing meanwhile, and that good content must not be remembered as bad
            byte[] bad = bytes == null ? new byte[0] : digest(bytes);
            if (!Arrays.equals(bad, lastBadDigest)) {
                List<String> problems = problems(e);
                LOG.error("Config {} not applied, the last good config stays in force: {}", file,
                        problems.size() == 1 ? problems.get(0) : e.getMessage());
                status.rejected(Instant.now(), problems);
                lastBadDigest = bad;
            }
        }
    }

    private void apply(GatewayConfig config, byte[] digest) {
        BackendAssembler.Result assembled = BackendAssembler.assemble(config, headersFromEnvironment(config));
        assembled.rejected().forEach((name, reason) -> {
            if (!reason.equals(rejected.get(name))) {
                LOG.error("Backend '{}' is not routed to: {}", name, reason);
            }
        });
        rejected = assembled.rejected();
        // settings first: the backends' catalog entries are built under the new naming rules
        settings.set(GatewaySettings.Values.of(config));
        RegistryChange change = registry.replace(BackendRegistry.CONFIG_FILE, assembled.specs());
        if (current == null || !current.inertKeys().equals(config.inertKeys())) {
            config.inertKeysLine().ifPresent(LOG::info);
        }
        logLevel.apply(config.operational().logLevel());
        current = config;
        lastDigest = digest;
        status.applied(config, source(), Instant.now());
        appliedListeners.forEach(l -> l.accept(config));
        if (!change.isEmpty()) {
            LOG.info("Config {}: {} backend(s) {}", source(), assembled.specs().size(),
                    assembled.specs().stream().map(BackendSpec::name).sorted().toList());
        }
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

    private List<String> problems(Exception e) {
        if (e instanceof ConfigException c) {
            return c.problems();
        }
        if (e instanceof NoSuchFileException) {
            return List.of("config file " + file + " does not exist (deleted?)");
        }
        return List.of("cannot read config file " + file + ": " + e.getClass().getSimpleName());
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
