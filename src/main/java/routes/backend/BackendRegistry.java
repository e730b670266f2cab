package routes.backend;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Owner of what backends exist and their config. Discovery routes replace a source's backends as
 * a whole; readers get immutable snapshots. Each change says which backends it touched, so only
 * those are re-fetched.
 */
public final class BackendRegistry {

    /** Which backend names a replace added, removed or changed (in any field of their spec). */
    public record Change(Set<String> added, Set<String> removed, Set<String> changed) {
        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }

        public Set<String> touched() {
            Set<String> all = new HashSet<>(added);
            all.addAll(removed);
            all.addAll(changed);
            return all;
        }
    }

    private volatile Map<String, BackendSpec> backends = Map.of();
    private volatile long version;

    /** The backends by name, sorted; immutable. */
    public Map<String, BackendSpec> snapshot() {
        return backends;
    }

    public BackendSpec get(String name) {
        return backends.get(name);
    }

    public long version() {
        return version;
    }

    /** Replaces every backend with the given ones. */
    public synchronized Change replaceAll(Collection<BackendSpec> specs) {
        Map<String, BackendSpec> next = new TreeMap<>();
        for (BackendSpec s : specs) {
            next.put(s.name(), s);
        }
        Map<String, BackendSpec> prev = backends;
        Set<String> added = new HashSet<>();
        Set<String> changed = new HashSet<>();
        for (var e : next.entrySet()) {
            BackendSpec old = prev.get(e.getKey());
            if (old == null) {
                added.add(e.getKey());
            } else if (!old.equals(e.getValue())) {
                changed.add(e.getKey());
            }
        }
        Set<String> removed = new HashSet<>(prev.keySet());
        removed.removeAll(next.keySet());
        Change change = new Change(Set.copyOf(added), Set.copyOf(removed), Set.copyOf(changed));
        if (!change.isEmpty()) {
            backends = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(next));
            version++;
        }
        return change;
    }

    public List<BackendSpec> list() {
        return List.copyOf(backends.values());
    }
}
