package routes.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.CharacterCodingException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Secrets read through the Kubernetes API, in one namespace.
 *
 * <p>Each Secret name that is asked for gets its own informer (a list, then a watch, with
 * {@code fieldSelector=metadata.name=<name>}), started on first use and kept current by the watch;
 * lookups read its local store. Why an informer and not a TTL cache: a rotated value arrives as
 * soon as the API server sends it, lookups never wait on the API, and fabric8's informer re-lists
 * by itself after a {@code 410 Gone} or a lost connection (a bare watch dies on 410). Why one per
 * name and not one for the namespace: only the Secrets the config refers to are held in memory,
 * and RBAC can be narrowed to them ({@code resourceNames} with get, list and watch), at the cost
 * of one watch connection per referenced Secret, which is a handful in practice.
 *
 * <p>Until an informer's first list has answered, a lookup waits for it at most
 * {@code syncTimeout}. A failed start (the API unreachable, RBAC forbidding) fails the lookup
 * with the reason, and is tried again on a lookup at least {@link #RETRY_AFTER_NANOS} later, so a
 * broken API is not asked once per request. Once running, the informer keeps retrying on its own
 * and the last value seen keeps being served meanwhile.
 */
final class KubernetesSecretSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesSecretSource.class);

    static final long RETRY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final KubernetesClient client;
    private final String namespace;
    private final long syncTimeoutMillis;
    private final LongSupplier nanoClock;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();

    /**
     * @param client shared with the rest of the gateway; not closed here
     */
    KubernetesSecretSource(KubernetesClient client, String namespace, long syncTimeoutMillis, LongSupplier nanoClock) {
        this.client = client;
        this.namespace = namespace;
        this.syncTimeoutMillis = syncTimeoutMillis;
        this.nanoClock = nanoClock;
    }

    String namespace() {
        return namespace;
    }

    /** Starts watching a Secret ahead of its first lookup, without waiting. */
    void watch(String name) {
        watched(name);
    }

    /** @throws SecretNotFoundException when there is no such Secret or key, or the API cannot tell */
    String value(SecretRef.Key ref) {
        Watched w = watched(ref.name());
        awaitFirstList(w, ref);
        Secret secret = w.informer.getStore().getByKey(namespace + "/" + ref.name());
        if (secret == null) {
            throw new SecretNotFoundException(ref, "no Secret " + ref.name() + " in namespace " + namespace);
        }
        String encoded = secret.getData() == null ? null : secret.getData().get(ref.key());
        if (encoded == null) {
            throw new SecretNotFoundException(ref,
                    "Secret " + ref.name() + " in namespace " + namespace + " has no key " + ref.key());
        }
        String v;
        try {
            // the decoders' exceptions quote the offending content: none of it goes into our error
            v = SecretText.clean(SecretText.decode(Base64.getDecoder().decode(encoded)));
        } catch (IllegalArgumentException e) {
            throw new SecretNotFoundException(ref, "the API returned data that is not base64");
        } catch (CharacterCodingException e) {
            throw new SecretNotFoundException(ref, "the value is not UTF-8 text");
        }
        if (v == null) {
            throw new SecretNotFoundException(ref, "the value is empty");
        }
        return v;
    }

    private Watched watched(String name) {
        return watched.compute(name, (n, cur) -> {
            long now = nanoClock.getAsLong();
            if (cur == null) {
                return start(n, now);
            }
            if (cur.failed() && now - cur.startedAt >= RETRY_AFTER_NANOS) {
                cur.informer.stop();
                return start(n, now);
            }
            return cur;
        });
    }

    private Watched start(String name, long now) {
        SharedIndexInformer<Secret> informer = client.secrets().inNamespace(namespace).withName(name)
                .runnableInformer(0);
        // before the first list succeeds, give up (reported, retried later by a lookup);
        // after it, keep retrying like fabric8's default, except for a model mismatch
        informer.exceptionHandler((started, t) -> started && !ExceptionHandler.isDeserializationException(t));
        CompletableFuture<Void> firstList = informer.start().toCompletableFuture();
        LOG.debug("watching Secret {} in namespace {}", name, namespace);
        return new Watched(informer, firstList, now);
    }

    private void awaitFirstList(Watched w, SecretRef.Key ref) {
        try {
            w.firstList.get(syncTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SecretNotFoundException(ref, "the Kubernetes API did not list Secret " + ref.name()
                    + " in namespace " + namespace + " within " + syncTimeoutMillis + " ms; still trying");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecretNotFoundException(ref, "interrupted while waiting for the Kubernetes API");
        } catch (ExecutionException e) {
            throw new SecretNotFoundException(ref, "cannot read Secret " + ref.name() + " in namespace " + namespace
                    + " from the Kubernetes API (" + reason(e.getCause()) + "); tried again in "
                    + TimeUnit.NANOSECONDS.toSeconds(RETRY_AFTER_NANOS) + " s", e.getCause());
        }
    }

    private static String reason(Throwable t) {
        Throwable root = t;
        KubernetesClientException http = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof KubernetesClientException k && k.getCode() > 0 && http == null) {
                http = k;
            }
            root = c;
        }
        if (http == null) {
            return "no answer: " + root.getClass().getSimpleName();
        }
        return switch (http.getCode()) {
            case 401 -> "HTTP 401: the gateway's credentials were not accepted";
            case 403 -> "HTTP 403: give the gateway's service account get, list and watch on this Secret";
            default -> "HTTP " + http.getCode();
        };
    }

    @Override
    public void close() {
        watched.values().forEach(w -> w.informer.stop());
        watched.clear();
    }

    /** One Secret name's informer and the outcome of its first list. */
    private static final class Watched {
        final SharedIndexInformer<Secret> informer;
        final CompletableFuture<Void> firstList;
        final long startedAt;

        Watched(SharedIndexInformer<Secret> informer, CompletableFuture<Void> firstList, long startedAt) {
            this.informer = informer;
            this.firstList = firstList;
            this.startedAt = startedAt;
        }

        /** The first list failed, or the informer gave up later. */
        boolean failed() {
            return firstList.isCompletedExceptionally() || (firstList.isDone() && !informer.isRunning());
        }
    }
}
