package routes.catalog;

import routes.config.AggregationConfig.ConflictResolutionConfig;
import routes.config.AggregationConfig.ConflictStrategy;
import routes.config.AggregationConfig;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ToolHive's three conflict-resolution strategies (toolhive-vmcp.md §1.4), applied to tools and,
 * with the same naming, to prompts:
 * <ul>
 *   <li>prefix: every name becomes {@code prefixFormat} with {@code {workload}} replaced, plus the name;</li>
 *   <li>priority: unique names stay bare; on a conflict the backend listed first in priorityOrder
 *       wins and the others are dropped; if none of them is listed, all get {@code {workload}_};</li>
 *   <li>manual: unique names stay bare; any conflict left (including one an override created) is an
 *       error. Prompts have no overrides, so conflicting prompts get {@code {workload}_} instead.</li>
 * </ul>
 * A conflict is two or more backends offering the same name after overrides; two tools of one
 * backend that end up with one name (an override renamed one onto another) are also reported.
 */
final class NameResolver {

    /** A candidate with the name it will be advertised under. */
    record Resolved(Candidate candidate, String advertisedName) {
    }

    /** What resolution decided: names in candidate order, the dropped, and problems found. */
    static final class Resolution {
        final List<Resolved> resolved = new ArrayList<>();
        final List<Candidate> dropped = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> conflicts = new ArrayList<>();
    }

    private static final String FALLBACK_PREFIX_FORMAT = ConflictResolutionConfig.DEFAULT_PREFIX_FORMAT;

    private NameResolver() {
    }

    /**
     * @param kind          "tool" or "prompt", for messages
     * @param hasOverrides  false for prompts: manual mode then falls back to prefixes on conflicts
     */
    static Resolution resolve(List<Candidate> candidates, AggregationConfig config, String kind, boolean hasOverrides) {
        Resolution out = new Resolution();
        ConflictResolutionConfig crc = config.conflictResolutionConfig();
        if (config.conflictResolution() == ConflictStrategy.PREFIX) {
            for (Candidate c : candidates) {
                out.resolved.add(new Resolved(c, crc.prefixFor(c.backend()) + c.name()));
            }
            return out;
        }
        Map<String, List<Candidate>> byName = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            byName.computeIfAbsent(c.name(), n -> new ArrayList<>(1)).add(c);
        }
        boolean manual = config.conflictResolution() == ConflictStrategy.MANUAL;
        Map<Candidate, String> names = new IdentityHashMap<>(candidates.size() * 4 / 3 + 1);
        for (Map.Entry<String, List<Candidate>> group : byName.entrySet()) {
            List<Candidate> members = oneOfEachBackend(group.getKey(), group.getValue(), kind, manual && hasOverrides, out);
            if (members.size() == 1) {
                names.put(members.get(0), group.getKey());
            } else if (manual && hasOverrides) {
                out.conflicts.add(describeConflict(group.getKey(), members, kind));
            } else if (manual) {
                out.warnings.add(kind + " '" + group.getKey() + "' is offered by backends " + backends(members)
                        + "; advertised with the " + FALLBACK_PREFIX_FORMAT + " prefix (there are no " + kind + " overrides)");
                fallBackToPrefix(members, names);
            } else {
                resolveByPriority(members, crc.priorityOrder(), names, out);
            }
        }
        for (Candidate c : candidates) {
            String name = names.get(c);
            if (name != null) {
                out.resolved.add(new Resolved(c, name));
            }
        }
        return out;
    }

    /** Keeps the first candidate of each backend; the others collided inside one backend. */
    private static List<Candidate> oneOfEachBackend(String name, List<Candidate> group, String kind, boolean fatal,
                                                    Resolution out) {
        if (group.size() == 1) {
            return group;
        }
        Map<String, Candidate> first = new LinkedHashMap<>();
        for (Candidate c : group) {
            Candidate kept = first.putIfAbsent(c.backend(), c);
            if (kept != null) {
                String message = "backend " + c.backend() + ": " + kind + " '" + c.originalName() + "' and '"
                        + kept.originalName() + "' both end up named '" + name + "' after overrides";
                if (fatal) {
                    out.conflicts.add(message + "; change the override so each name is used once");
                } else {
                    out.warnings.add(message + "; '" + c.originalName() + "' is left out");
                    out.dropped.add(c);
                }
            }
        }
        return new ArrayList<>(first.values());
    }

    private static void resolveByPriority(List<Candidate> members, List<String> priorityOrder,
                                          Map<Candidate, String> names, Resolution out) {
        Candidate winner = null;
        int best = Integer.MAX_VALUE;
        for (Candidate c : members) {
            int rank = priorityOrder.indexOf(c.backend());
            if (rank >= 0 && rank < best) {
                best = rank;
                winner = c;
            }
        }
        if (winner == null) {
            fallBackToPrefix(members, names);
            return;
        }
        names.put(winner, winner.name());
        for (Candidate c : members) {
            if (c != winner) {
                out.dropped.add(c);
            }
        }
    }

    private static void fallBackToPrefix(List<Candidate> members, Map<Candidate, String> names) {
        for (Candidate c : members) {
            names.put(c, FALLBACK_PREFIX_FORMAT.replace(ConflictResolutionConfig.WORKLOAD_PLACEHOLDER, c.backend()) + c.name());
        }
    }

    private static String describeConflict(String name, List<Candidate> members, String kind) {
        List<Candidate> renamed = members.stream().filter(Candidate::renamedByOverride).toList();
        if (!renamed.isEmpty()) {
            String how = renamed.stream().map(c -> "'" + c.originalName() + "' of " + c.backend())
                    .collect(Collectors.joining(", "));
            return kind + " '" + name + "' is offered by backends " + backends(members) + ": an override renamed "
                    + how + " onto a name already in use; pick a different override name";
        }
        return kind + " '" + name + "' is offered by backends " + backends(members) + "; with conflictResolution"
                + " manual, add aggregation.tools[].overrides renaming it for all but one of these backends";
    }

    private static String backends(List<Candidate> members) {
        Set<String> names = new LinkedHashSet<>();
        members.forEach(c -> names.add(c.backend()));
        return String.join(", ", names);
    }
}
