package routes.authz;

import java.util.List;
import java.util.Objects;

/**
 * The {@code incomingAuth.authz} section as configured, plain data (compared by value to see
 * whether a reloaded config changed it). {@link Policies#compile} turns it into a {@link Policy}.
 *
 * @param type            none, cedar (ToolHive's) or rules (Caravan's own)
 * @param policies        Cedar policies (type cedar)
 * @param entitiesJson    Cedar entities, JSON (type cedar); empty for none
 * @param groups          which claims name the caller's groups (both types)
 * @param groupEntityType Cedar entity type of the caller's groups (type cedar), "THVGroup" by default
 * @param rules           the rule set (type rules)
 */
public record AuthzSpec(Type type, List<String> policies, String entitiesJson, GroupClaims groups,
                        String groupEntityType, RuleSpec rules) {

    public enum Type { NONE, CEDAR, RULES }

    /** ToolHive's default entity type of a caller's groups. */
    public static final String DEFAULT_GROUP_ENTITY_TYPE = "THVGroup";

    /** No authorization: everything advertised may be used by everyone. */
    public static final AuthzSpec NONE = new AuthzSpec(Type.NONE, List.of(), "", GroupClaims.DEFAULT, DEFAULT_GROUP_ENTITY_TYPE,
            RuleSpec.EMPTY);

    public AuthzSpec {
        Objects.requireNonNull(type, "type");
        policies = policies == null ? List.of() : List.copyOf(policies);
        entitiesJson = entitiesJson == null ? "" : entitiesJson;
        groups = groups == null ? GroupClaims.DEFAULT : groups;
        groupEntityType = groupEntityType == null || groupEntityType.isBlank() ? DEFAULT_GROUP_ENTITY_TYPE : groupEntityType;
        rules = rules == null ? RuleSpec.EMPTY : rules;
    }

    public static AuthzSpec cedar(List<String> policies, String entitiesJson, GroupClaims groups, String groupEntityType) {
        return new AuthzSpec(Type.CEDAR, policies, entitiesJson, groups, groupEntityType, RuleSpec.EMPTY);
    }

    public static AuthzSpec rules(RuleSpec rules, GroupClaims groups) {
        return new AuthzSpec(Type.RULES, List.of(), "", groups, DEFAULT_GROUP_ENTITY_TYPE, rules);
    }
}
