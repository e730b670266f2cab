package routes.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where secrets are looked up, from the {@code caravan.secrets.*} and
 * {@code caravan.kubernetes.namespace} settings. The defaults here are those of
 * application.properties, so that a context without it (a test, an embedding) behaves the same.
 *
 * @param dir                     the mounted Secret folder, {@code <dir>/<name>/<key>}
 * @param fileCheckIntervalMillis how long a file's value is used before the file is checked for a change
 * @param kubernetes              whether Secrets are also read through the Kubernetes API
 * @param namespace               the namespace those Secrets are in
 * @param kubernetesTimeoutMillis how long a lookup waits for the API's first answer about a Secret
 */
public record SecretsSettings(Path dir, long fileCheckIntervalMillis, boolean kubernetes, String namespace,
                              long kubernetesTimeoutMillis) {

    public static final String DIR = "caravan.secrets.dir";
    public static final String FILE_CHECK_INTERVAL = "caravan.secrets.file-check-interval";
    public static final String KUBERNETES = "caravan.secrets.kubernetes";
    public static final String KUBERNETES_TIMEOUT = "caravan.secrets.kubernetes-timeout";
    public static final String NAMESPACE = "caravan.kubernetes.namespace";

    static final String DEFAULT_DIR = "/etc/caravan/secrets";
    static final long DEFAULT_FILE_CHECK_INTERVAL = 1000;
    static final long DEFAULT_KUBERNETES_TIMEOUT = 5000;

    /** Where Kubernetes mounts the pod's namespace beside the service account token. */
    public static final Path POD_NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    public SecretsSettings {
        if (fileCheckIntervalMillis < 0 || kubernetesTimeoutMillis < 0) {
            throw new IllegalArgumentException("secret settings: intervals must not be negative");
        }
    }

    /**
     * Reads the settings.
     *
     * @param settings a property lookup, e.g. {@code camel.getPropertiesComponent()::resolveProperty}
     * @param env      the process environment, for {@code KUBERNETES_SERVICE_HOST} (auto mode)
     * @throws IllegalArgumentException naming the setting when one has a value it cannot use
     */
    public static SecretsSettings from(Function<String, Optional<String>> settings, Map<String, String> env) {
        return from(settings, env, POD_NAMESPACE_FILE);
    }

    static SecretsSettings from(Function<String, Optional<String>> settings, Map<String, String> env, Path podNamespaceFile) {
        Path dir = Path.of(text(settings, DIR).orElse(DEFAULT_DIR));
        long check = millis(settings, FILE_CHECK_INTERVAL, DEFAULT_FILE_CHECK_INTERVAL);
        long timeout = millis(settings, KUBERNETES_TIMEOUT, DEFAULT_KUBERNETES_TIMEOUT);
        boolean kube = switch (text(settings, KUBERNETES).orElse("auto").toLowerCase(Locale.ROOT)) {
            // in a cluster, or pointed at an API server as discovery is
            case "auto" -> !env.getOrDefault("KUBERNETES_SERVICE_HOST", "").isBlank()
                    || text(settings, "caravan.kubernetes.master").isPresent();
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(KUBERNETES + " must be auto, true or false, not "
                    + Quote.of(text(settings, KUBERNETES).orElse("")));
        };
        // ToolHive's pod names its namespace in VMCP_NAMESPACE; Secrets are read where discovery looks
        String namespace = Optional.ofNullable(env.get("VMCP_NAMESPACE")).filter(s -> !s.isBlank())
                .or(() -> text(settings, NAMESPACE)).orElseGet(() -> podNamespace(podNamespaceFile));
        return new SecretsSettings(dir, check, kube, namespace, timeout);
    }

    /** The pod's own namespace when running in a cluster, else {@code default} (as kubectl). */
    static String podNamespace(Path file) {
        try {
            String ns = Files.readString(file, StandardCharsets.UTF_8).trim();
            return ns.isEmpty() ? "default" : ns;
        } catch (IOException e) {
            return "default";
        }
    }

    private static Optional<String> text(Function<String, Optional<String>> settings, String key) {
        return settings.apply(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static long millis(Function<String, Optional<String>> settings, String key, long dflt) {
        Optional<String> v = text(settings, key);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.get());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the setting's name
        }
        throw new IllegalArgumentException(key + " must be a number of milliseconds (0 or more), not " + Quote.of(v.get()));
    }
}
