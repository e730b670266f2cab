package routes.secrets;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The gateway's one {@link SecretsProvider}: ToolHive's env contract, the mounted Secret folder
 * and, when enabled, the Kubernetes API.
 *
 * <ul>
 *   <li>{@link SecretRef.Env} and {@link SecretRef.Variable}: the environment only.</li>
 *   <li>{@link SecretRef.Key}: the file {@code <dir>/<name>/<key>} when it exists, else the
 *       Kubernetes API. A file that exists but is unusable (empty, not UTF-8) is an error, not a
 *       reason to ask the API: a mounted Secret and the API would hold the same data.</li>
 * </ul>
 * Thread-safe; lookups happen on request threads.
 */
public final class Secrets implements SecretsProvider, AutoCloseable {

    private final EnvSecretSource env;
    private final FileSecretSource files;
    private final KubernetesSecretSource kubernetes;

    Secrets(EnvSecretSource env, FileSecretSource files, KubernetesSecretSource kubernetes) {
        this.env = env;
        this.files = files;
        this.kubernetes = kubernetes;
    }

    /**
     * @param env    the process environment ({@code System.getenv()}; tests pass their own)
     * @param client asked only when the Kubernetes source is enabled; the client is shared, and
     *               closing these Secrets does not close it
     */
    public static Secrets create(SecretsSettings settings, Map<String, String> env, Supplier<KubernetesClient> client) {
        return create(settings, env, client, System::nanoTime);
    }

    static Secrets create(SecretsSettings settings, Map<String, String> env, Supplier<KubernetesClient> client,
                          LongSupplier nanoClock) {
        FileSecretSource files = new FileSecretSource(settings.dir(), settings.fileCheckIntervalMillis(), nanoClock);
        KubernetesSecretSource kube = settings.kubernetes()
                ? new KubernetesSecretSource(client.get(), settings.namespace(), settings.kubernetesTimeoutMillis(), nanoClock)
                : null;
        return new Secrets(new EnvSecretSource(env), files, kube);
    }

    @Override
    public String value(SecretRef ref) {
        if (ref instanceof SecretRef.Env e) {
            return env.value(e);
        }
        if (ref instanceof SecretRef.Variable v) {
            return env.value(v);
        }
        SecretRef.Key k = (SecretRef.Key) ref;
        Optional<String> fromFile = files.value(k);
        if (fromFile.isPresent()) {
            return fromFile.get();
        }
        if (kubernetes == null) {
            throw new SecretNotFoundException(k, "no file " + files.path(k) + ", and reading Secrets through the"
                    + " Kubernetes API is off (" + SecretsSettings.KUBERNETES + ")");
        }
        try {
            return kubernetes.value(k);
        } catch (SecretNotFoundException e) {
            // both places it was looked for: an operator may have meant the mounted folder
            throw new SecretNotFoundException(k, "no file " + files.path(k) + "; Kubernetes API: " + e.reason(), e.getCause());
        }
    }

    /**
     * Starts watching, without waiting, the Secrets behind these references that no file provides,
     * so that the first request does not wait for the API. Lookups work without it.
     */
    public void prefetch(Collection<? extends SecretRef> refs) {
        if (kubernetes == null) {
            return;
        }
        for (SecretRef ref : refs) {
            if (ref instanceof SecretRef.Key k && isAbsentFromFiles(k)) {
                kubernetes.watch(k.name());
            }
        }
    }

    private boolean isAbsentFromFiles(SecretRef.Key k) {
        try {
            return files.value(k).isEmpty();
        } catch (SecretNotFoundException e) {
            return false;
        }
    }

    /** For a start-up log line: which sources are on, and where. */
    public String describeSources() {
        return "env TOOLHIVE_SECRET_*, files in " + files.dir()
                + (kubernetes == null ? "; Kubernetes API off" : ", Kubernetes Secrets in namespace " + kubernetes.namespace());
    }

    @Override
    public String toString() {
        return "Secrets[" + describeSources() + "]";
    }

    /** Stops the Kubernetes watches. */
    @Override
    public void close() {
        if (kubernetes != null) {
            kubernetes.close();
        }
    }
}
