package routes.authz;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Caravan's own rule set ({@code incomingAuth.authz.type: rules}): allow and deny rules per kind
 * of thing, and the answer when no rule matches. How they combine is {@link RulePolicy}'s.
 *
 * @param defaultAllow the answer when no rule matches (default: deny)
 * @param tools        rules on advertised tool names
 * @param prompts      rules on advertised prompt names
 * @param resources    rules on resource URIs (and resource templates' URI templates)
 */
public record RuleSpec(boolean defaultAllow, List<Rule> tools, List<Rule> prompts, List<Rule> resources) {

    public static final RuleSpec EMPTY = new RuleSpec(false, List.of(), List.of(), List.of());

    public RuleSpec {
        tools = tools == null ? List.of() : List.copyOf(tools);
        prompts = prompts == null ? List.of() : List.copyOf(prompts);
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    public List<Rule> of(Feature feature) {
        return switch (feature) {
            case TOOL -> tools;
            case PROMPT -> prompts;
            case RESOURCE -> resources;
        };
    }

    /**
     * One rule: allow or deny the things whose name (or URI) matches one of {@code patterns}, to
     * the callers it applies to. It applies to a caller when each condition it sets holds: the
     * caller's subject is one of {@code subjects}; one of the caller's groups is in {@code groups};
     * for every claim in {@code claims}, one of the caller's values of it is listed. A rule with no
     * condition applies to everyone.
     *
     * @param deny     true for a deny rule, false for an allow rule
     * @param patterns names or globs ({@code *} any run of characters, {@code ?} one character)
     */
    public record Rule(boolean deny, List<String> patterns, List<String> subjects, List<String> groups,
                       Map<String, List<String>> claims) {

        public Rule {
            patterns = List.copyOf(Objects.requireNonNull(patterns, "patterns"));
            subjects = subjects == null ? List.of() : List.copyOf(subjects);
            groups = groups == null ? List.of() : List.copyOf(groups);
            claims = claims == null ? Map.of() : Map.copyOf(claims);
        }
    }
}
