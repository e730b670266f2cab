package routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.authz.AuthzSpec;
import routes.authz.AuthzSpecException;
import routes.authz.GroupClaims;
import routes.authz.Policies;
import routes.authz.RuleSpec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code incomingAuth.authz}: ToolHive's {@code type: cedar} (policies, entitiesJson,
 * groupClaimName, roleClaimName, groupEntityType), {@code type: none}, and Caravan's own
 * {@code type: rules} with its {@code rules} map. The section is compiled here, so a policy Cedar
 * cannot parse, a bad rule, or a Cedar engine that cannot load here is a load error naming the key.
 */
final class AuthzSection {

    static final String PATH = "incomingAuth.authz";
    static final List<String> FIELDS = List.of("type", "policies", "entitiesJson", "primaryUpstreamProvider",
            "groupClaimName", "roleClaimName", "groupEntityType", "rules");
    private static final List<String> CEDAR_ONLY = List.of("policies", "entitiesJson", "groupEntityType");
    private static final List<String> RULES_FIELDS = List.of("default", "tools", "prompts", "resources");
    private static final List<String> RULE_FIELDS = List.of("allow", "deny", "subjects", "groups", "claims");

    private final ConfigReader reader;

    AuthzSection(ConfigReader reader) {
        this.reader = reader;
    }

    /** The section, or {@link AuthzSpec#NONE} when absent, type none, or wrong (then a problem is reported). */
    AuthzSpec read(ObjectNode authz) {
        if (authz == null) {
            return AuthzSpec.NONE;
        }
        reader.allowOnly(authz, PATH, FIELDS);
        String type = reader.text(authz, PATH, "type", true);
        if (type == null) {
            return AuthzSpec.NONE;
        }
        AuthzSpec spec;
        switch (type) {
            case "none" -> {
                if (setsMoreThanType(authz)) {
                    reader.inert(PATH, ToolHiveKeys.AUTHZ_NONE_EXTRAS);
                }
                return AuthzSpec.NONE;
            }
            case "cedar" -> spec = cedar(authz);
            case "rules" -> spec = rules(authz);
            default -> {
                reader.report(ConfigReader.at(PATH, "type"), "'" + type + "' is not an authorization type; allowed:"
                        + " cedar, rules (Caravan's own), none");
                return AuthzSpec.NONE;
            }
        }
        String upstream = reader.text(authz, PATH, "primaryUpstreamProvider", false);
        if (upstream != null && !upstream.isBlank()) {
            reader.refuse(ConfigReader.at(PATH, "primaryUpstreamProvider"), ToolHiveKeys.AUTHZ_UPSTREAM_PROVIDER);
        }
        if (spec == null) {
            return AuthzSpec.NONE;
        }
        try {
            Policies.compile(spec, "");
        } catch (AuthzSpecException e) {
            reader.report(ConfigReader.at(PATH, e.key()), e.getMessage());
            return AuthzSpec.NONE;
        }
        return spec;
    }

    private GroupClaims groupClaims(ObjectNode authz) {
        return new GroupClaims(reader.text(authz, PATH, "groupClaimName", false), reader.text(authz, PATH, "roleClaimName", false));
    }

    private AuthzSpec cedar(ObjectNode authz) {
        if (authz.hasNonNull("rules")) {
            reader.report(ConfigReader.at(PATH, "rules"), "belongs to type: rules (Caravan's own rule set), not type: cedar");
        }
        List<String> policies = reader.textList(authz, PATH, "policies");
        if (policies == null || policies.isEmpty()) {
            reader.report(ConfigReader.at(PATH, "policies"), "at least one Cedar policy is required with type: cedar");
            return null;
        }
        return AuthzSpec.cedar(policies, reader.text(authz, PATH, "entitiesJson", false), groupClaims(authz),
                reader.text(authz, PATH, "groupEntityType", false));
    }

    private AuthzSpec rules(ObjectNode authz) {
        for (String key : CEDAR_ONLY) {
            if (authz.hasNonNull(key)) {
                reader.report(ConfigReader.at(PATH, key), "belongs to type: cedar, not type: rules");
            }
        }
        String path = ConfigReader.at(PATH, "rules");
        ObjectNode rules = reader.object(authz, PATH, "rules", true);
        if (rules == null) {
            return null;
        }
        reader.allowOnly(rules, path, RULES_FIELDS);
        String dflt = reader.text(rules, path, "default", false);
        boolean defaultAllow = false;
        if (dflt != null && !dflt.equals("deny")) {
            if (dflt.equals("allow")) {
                defaultAllow = true;
            } else {
                reader.report(ConfigReader.at(path, "default"), "'" + dflt + "' is not allow or deny");
            }
        }
        return AuthzSpec.rules(new RuleSpec(defaultAllow, ruleList(rules, path, "tools"), ruleList(rules, path, "prompts"),
                ruleList(rules, path, "resources")), groupClaims(authz));
    }

    private List<RuleSpec.Rule> ruleList(ObjectNode rules, String path, String field) {
        ArrayNode list = reader.array(rules, path, field, false);
        List<RuleSpec.Rule> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        String listPath = ConfigReader.at(path, field);
        for (int i = 0; i < list.size(); i++) {
            String at = listPath + "[" + i + "]";
            if (!list.get(i).isObject()) {
                reader.report(at, "must be a rule (a map with allow or deny), not " + ConfigReader.describe(list.get(i)));
                continue;
            }
            RuleSpec.Rule rule = rule((ObjectNode) list.get(i), at);
            if (rule != null) {
                out.add(rule);
            }
        }
        return out;
    }

    private RuleSpec.Rule rule(ObjectNode node, String at) {
        reader.allowOnly(node, at, RULE_FIELDS);
        boolean allow = node.hasNonNull("allow");
        boolean deny = node.hasNonNull("deny");
        if (allow == deny) {
            reader.report(at, allow ? "sets both allow and deny; a rule does one" : "needs allow or deny (names or patterns)");
            return null;
        }
        String effect = deny ? "deny" : "allow";
        List<String> patterns = strings(node.get(effect), ConfigReader.at(at, effect));
        if (patterns == null) {
            return null;
        }
        if (patterns.isEmpty()) {
            reader.report(ConfigReader.at(at, effect), "lists no name or pattern");
            return null;
        }
        List<String> subjects = node.hasNonNull("subjects") ? strings(node.get("subjects"), ConfigReader.at(at, "subjects")) : List.of();
        List<String> groups = node.hasNonNull("groups") ? strings(node.get("groups"), ConfigReader.at(at, "groups")) : List.of();
        Map<String, List<String>> claims = new LinkedHashMap<>();
        ObjectNode claimNode = reader.object(node, at, "claims", false);
        if (claimNode != null) {
            Iterator<Map.Entry<String, JsonNode>> it = claimNode.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> values = strings(e.getValue(), ConfigReader.at(ConfigReader.at(at, "claims"), e.getKey()));
                if (values != null) {
                    claims.put(e.getKey(), values);
                }
            }
        }
        if (subjects == null || groups == null) {
            return null;
        }
        return new RuleSpec.Rule(deny, patterns, subjects, groups, claims);
    }

    /** One string or a list of strings; null (and a problem) otherwise. */
    private List<String> strings(JsonNode v, String path) {
        if (v.isTextual()) {
            return List.of(v.textValue());
        }
        if (v.isArray()) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual() || v.get(i).textValue().isEmpty()) {
                    reader.report(path + "[" + i + "]", "must be a non-empty string, not " + ConfigReader.describe(v.get(i)));
                    return null;
                }
                out.add(v.get(i).textValue());
            }
            return out;
        }
        reader.report(path, "must be a string or a list of strings, not " + ConfigReader.describe(v));
        return null;
    }

    private static boolean setsMoreThanType(ObjectNode authz) {
        Iterator<Map.Entry<String, JsonNode>> fields = authz.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!f.getKey().equals("type") && !ConfigReader.isEmptyValue(f.getValue())) {
                return true;
            }
        }
        return false;
    }
}
