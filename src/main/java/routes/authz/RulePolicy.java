package routes.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.CallerIdentity;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Caravan's rule set, compiled. Deny overrides: for a caller and a thing, a deny rule that applies
 * to the caller and matches the thing denies it, whatever the allow rules say; otherwise an allow
 * rule that applies and matches allows it; otherwise the default answers. Rule order does not
 * matter, so adding a rule can never re-open what a deny closed.
 */
public final class RulePolicy implements Policy {

    private record Compiled(int index, boolean deny, Glob names, Set<String> subjects, Set<String> groups,
                            Map<String, Set<String>> claims) {

        boolean appliesTo(CallerIdentity caller, Set<String> callerGroups) {
            if (!subjects.isEmpty() && !subjects.contains(caller.subject())) {
                return false;
            }
            if (!groups.isEmpty() && java.util.Collections.disjoint(groups, callerGroups)) {
                return false;
            }
            for (Map.Entry<String, Set<String>> claim : claims.entrySet()) {
                if (!anyClaimValueIn(caller.claims().get(claim.getKey()), claim.getValue())) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Whether one of a claim's values is listed: a list claim's items, a string claim's
     * space-separated words (OAuth's scope), as CallerIdentity.claimValues reads them, without
     * making a list per call.
     */
    static boolean anyClaimValueIn(Object claim, Set<String> listed) {
        if (claim instanceof List<?> list) {
            for (Object item : list) {
                if (listed.contains(String.valueOf(item))) {
                    return true;
                }
            }
            return false;
        }
        if (claim instanceof String s) {
            int i = 0;
            while (i < s.length()) {
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i > start && listed.contains(s.substring(start, i))) {
                    return true;
                }
            }
            return false;
        }
        return claim != null && listed.contains(String.valueOf(claim));
    }

    private final boolean defaultAllow;
    private final GroupClaims groupClaims;
    private final Map<Feature, List<Compiled>> rules = new EnumMap<>(Feature.class);
    private final List<Compiled> all = new ArrayList<>();

    public RulePolicy(RuleSpec spec, GroupClaims groupClaims) {
        this.defaultAllow = spec.defaultAllow();
        this.groupClaims = groupClaims;
        for (Feature f : Feature.values()) {
            List<Compiled> compiled = new ArrayList<>();
            for (RuleSpec.Rule r : spec.of(f)) {
                Map<String, Set<String>> claims = new java.util.LinkedHashMap<>();
                r.claims().forEach((k, v) -> claims.put(k, Set.copyOf(v)));
                Compiled c = new Compiled(all.size(), r.deny(), new Glob(r.patterns()), new HashSet<>(r.subjects()),
                        new HashSet<>(r.groups()), claims);
                compiled.add(c);
                all.add(c);
            }
            rules.put(f, compiled);
        }
    }

    @Override
    public boolean allows(CallerIdentity caller, Feature feature, String name, ObjectNode definition, JsonNode arguments) {
        List<Compiled> candidates = rules.get(feature);
        if (candidates.isEmpty()) {
            return defaultAllow;
        }
        Set<String> callerGroups = groupClaims.of(caller);
        boolean allowed = false;
        for (Compiled r : candidates) {
            if ((r.deny() || !allowed) && r.names().matches(name) && r.appliesTo(caller, callerGroups)) {
                if (r.deny()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed || defaultAllow;
    }

    /** The rules that apply to the caller: they alone decide what it may use. */
    @Override
    public Object callerKey(CallerIdentity caller) {
        Set<String> callerGroups = groupClaims.of(caller);
        BitSet applies = new BitSet(all.size());
        for (Compiled r : all) {
            if (r.appliesTo(caller, callerGroups)) {
                applies.set(r.index());
            }
        }
        return applies;
    }

    @Override
    public boolean readsArguments() {
        return false;
    }

    @Override
    public boolean cacheDecisions() {
        return false;
    }
}
