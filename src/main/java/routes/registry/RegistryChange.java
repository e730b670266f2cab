package routes.registry;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one registry write did to the served backends, in name order: an event per backend added,
 * changed or removed. A write that only changed who claims a name (a conflict appearing or going
 * away with the served spec unchanged) has no events, but still a new version.
 *
 * @param version the registry's version after the write
 * @param events  one per backend whose served spec changed
 */
public record RegistryChange(long version, List<RegistryEvent> events) {

    public RegistryChange {
        events = List.copyOf(events);
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    /** The names of every backend this change touched. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        events.forEach(e -> names.add(e.name()));
        return names;
    }

    /** The names of the backends touched in this way. */
    public Set<String> names(RegistryEvent.Kind kind) {
        Set<String> names = new TreeSet<>();
        events.stream().filter(e -> e.kind() == kind).forEach(e -> names.add(e.name()));
        return names;
    }
}
