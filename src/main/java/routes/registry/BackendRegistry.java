package routes.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.kernel.BackendSpec;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Owner of what backends exist. Backends come from sources (the config file, Kubernetes): a
 * source replaces, adds or removes only its own claims, never another's. The registry serves one
 * spec per name; a name that more than one source claims is a conflict, resolved by
 * {@link SourcePrecedence} (the config file first) and reported, never merged: logged once when it
 * appears and listed by {@link #conflicts()} (on /status).
 *
 * <p>Every write that changes a source's claims bumps {@link #version()}. One that changes what is
 * served publishes a {@link RegistryChange} (added, changed, removed, each with the spec before
 * and after) to the listeners, once the new state is what readers see. Readers take immutable
 * snapshots and never lock.
 */
public final class BackendRegistry {

    /** The config file (or the built-in demo config), with ToolHive's env contract for its backends. */
    public static final String CONFIG_FILE = "config-file";
    /** Kubernetes resources. */
    public static final String KUBERNETES = "kubernetes";

    private static final Logger LOG = LoggerFactory.getLogger(BackendRegistry.class);

    /** What readers see, swapped as a whole so that one read is one state. */
    private record State(long version, Map<String, BackendSpec> served, List<BackendSpec> list, List<NameConflict> conflicts) {
        static final State EMPTY = new State(0, Map.of(), List.of(), List.of());
    }

    /** source → (name → spec); guarded by this. */
    private final Map<String, Map<String, BackendSpec>> claims = new HashMap<>();
    private volatile State state = State.EMPTY;
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<RegistryChange> undelivered = new ConcurrentLinkedQueue<>();
    private final ReentrantLock delivering = new ReentrantLock();

    /** The served backends by name, sorted; immutable. */
    public Map<String, BackendSpec> snapshot() {
        return state.served();
    }

    public BackendSpec get(String name) {
        return state.served().get(name);
    }

    /** The served backends in name order; immutable. */
    public List<BackendSpec> list() {
        return state.list();
    }

    public long version() {
        return state.version();
    }

    /** Every name more than one source claims, in name order. */
    public List<NameConflict> conflicts() {
        return state.conflicts();
    }

    /** What one source claims now, served or not, by name; immutable. */
    public synchronized Map<String, BackendSpec> claims(String source) {
        return claims.getOrDefault(source, Map.of());
    }

    /** Listeners hear changes in the order they were added (see {@link RegistryListener}). */
    public void addListener(RegistryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Makes these specs the source's whole set: names it no longer lists are let go, the others
     * added or replaced. Other sources' claims are not touched.
     *
     * @throws IllegalArgumentException when the set names a backend twice
     */
    public RegistryChange replace(String source, Collection<BackendSpec> specs) {
        Map<String, BackendSpec> next = new TreeMap<>();
        for (BackendSpec spec : specs) {
            if (next.put(spec.name(), spec) != null) {
                throw new IllegalArgumentException("source '" + source + "' claims backend '" + spec.name() + "' twice");
            }
        }
        return write(source, mine -> {
            mine.clear();
            mine.putAll(next);
        });
    }

    /** Adds the backend to the source's set, or replaces the source's spec of that name. */
    public RegistryChange upsert(String source, BackendSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return write(source, mine -> mine.put(spec.name(), spec));
    }

    /** Lets go of the source's claim on this name (nothing happens if it has none). */
    public RegistryChange remove(String source, String name) {
        return write(source, mine -> mine.remove(name));
    }

    private RegistryChange write(String source, Consumer<Map<String, BackendSpec>> edit) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a registry source needs a name");
        }
        RegistryChange change;
        synchronized (this) {
            Map<String, BackendSpec> before = claims.getOrDefault(source, Map.of());
            Map<String, BackendSpec> after = new TreeMap<>(before);
            edit.accept(after);
            State old = state;
            if (after.equals(before)) {
                return new RegistryChange(old.version(), List.of());
            }
            if (after.isEmpty()) {
                claims.remove(source);
            } else {
                claims.put(source, Collections.unmodifiableMap(after));
            }
            SourcePrecedence.Resolution resolved = SourcePrecedence.resolve(claims);
            state = new State(old.version() + 1, resolved.served(), List.copyOf(resolved.served().values()),
                    resolved.conflicts());
            report(old.conflicts(), resolved.conflicts());
            change = new RegistryChange(old.version() + 1, events(old.served(), resolved.served()));
            if (!change.isEmpty()) {
                // queued under the lock, so changes are delivered in version order
                undelivered.add(change);
            }
        }
        deliver();
        return change;
    }

    private static List<RegistryEvent> events(Map<String, BackendSpec> before, Map<String, BackendSpec> after) {
        Set<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        return names.stream().map(n -> RegistryEvent.between(n, before.get(n), after.get(n))).filter(Objects::nonNull).toList();
    }

    /** Logs each conflict once when it appears (or its claimants change), and once when it is gone. */
    private static void report(List<NameConflict> before, List<NameConflict> after) {
        Map<String, NameConflict> old = before.stream().collect(Collectors.toMap(NameConflict::name, c -> c));
        Set<String> current = new TreeSet<>();
        for (NameConflict c : after) {
            current.add(c.name());
            if (!c.equals(old.get(c.name()))) {
                LOG.warn("Backend name '{}' is claimed by more than one source: the claim of {} is served, that of {} ignored"
                                + " while {} claims it (source precedence: {}, {}, then other sources by name)",
                        c.name(), c.source(), String.join(", ", c.ignored()), c.source(), CONFIG_FILE, KUBERNETES);
            }
        }
        old.keySet().stream().filter(name -> !current.contains(name)).sorted()
                .forEach(name -> LOG.info("Backend name '{}' is no longer claimed by more than one source", name));
    }

    /**
     * Hands queued changes to the listeners, outside the state lock. A listener that writes to the
     * registry does not recurse: its change is queued and delivered by this loop after the current one.
     */
    private void deliver() {
        if (delivering.isHeldByCurrentThread()) {
            return;
        }
        delivering.lock();
        try {
            RegistryChange change;
            while ((change = undelivered.poll()) != null) {
                for (RegistryListener listener : listeners) {
                    try {
                        listener.registryChanged(change);
                    } catch (RuntimeException e) {
                        LOG.error("Registry listener {} failed on the change to version {} ({}): {}", listener.getClass().getName(),
                                change.version(), change.names(), e.toString(), e);
                    }
                }
            }
        } finally {
            delivering.unlock();
        }
    }
}
