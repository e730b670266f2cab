package routes.registry;

import routes.kernel.BackendSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one rule for a backend name that more than one source claims: the source of highest
 * precedence serves it, the others are ignored (and reported) until it lets go of the name.
 * Precedence is fixed: {@value BackendRegistry#CONFIG_FILE} first, then
 * {@value BackendRegistry#KUBERNETES}, then any other source in name order.
 *
 * <p>Why fixed rather than first come: what is served is a function of what the sources claim
 * now, not of the order they were read in, so every replica and every restart serves the same
 * backend. The config file ranks first because the gateway's operator writes it: a resource that
 * anyone who may create one in the namespace adds cannot take over a name (its URL, headers and
 * credentials) that the file defines.
 */
public final class SourcePrecedence {

    private static final List<String> RANKED = List.of(BackendRegistry.CONFIG_FILE, BackendRegistry.KUBERNETES);

    /** Sources from highest precedence to lowest. */
    public static final Comparator<String> ORDER =
            Comparator.comparingInt(SourcePrecedence::rank).thenComparing(Comparator.naturalOrder());

    /**
     * What the claims make of the registry.
     *
     * @param served    one spec per name, in name order; immutable
     * @param conflicts every name claimed by more than one source, in name order
     */
    public record Resolution(Map<String, BackendSpec> served, List<NameConflict> conflicts) {
    }

    private SourcePrecedence() {
    }

    private static int rank(String source) {
        int i = RANKED.indexOf(source);
        return i < 0 ? RANKED.size() : i;
    }

    /** @param claims source → (name → spec) */
    public static Resolution resolve(Map<String, Map<String, BackendSpec>> claims) {
        Map<String, List<String>> claimants = new TreeMap<>();
        claims.forEach((source, specs) -> specs.keySet()
                .forEach(name -> claimants.computeIfAbsent(name, n -> new ArrayList<>()).add(source)));
        Map<String, BackendSpec> served = new LinkedHashMap<>();
        List<NameConflict> conflicts = new ArrayList<>();
        claimants.forEach((name, sources) -> {
            sources.sort(ORDER);
            served.put(name, claims.get(sources.get(0)).get(name));
            if (sources.size() > 1) {
                conflicts.add(new NameConflict(name, sources.get(0), sources.subList(1, sources.size())));
            }
        });
        return new Resolution(Collections.unmodifiableMap(served), List.copyOf(conflicts));
    }
}
