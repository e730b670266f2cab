package routes.authz;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.entity.Entities;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.kernel.CallerIdentity;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ToolHive's Cedar authorization, on cedar-java. The request is ToolHive's: principal
 * {@code Client::"<subject>"} whose attributes are the caller's claims as {@code claim_<name>} and
 * whose parents are its groups ({@code THVGroup::"<group>"}, or {@code groupEntityType}); action
 * {@code Action::"call_tool"}, {@code "get_prompt"} or {@code "read_resource"}; resource
 * {@code Tool::"<advertised name>"}, {@code Prompt::"<name>"} or {@code Resource::"<uri with
 * :/\?&=#. and space as _>"} with attributes name, operation, feature (a tool's annotation hints, a
 * resource's uri) and the call's arguments as {@code arg_<name>}, child of {@code MCP::"<config
 * name>"}; context: the claims and arguments again. The entities of {@code entitiesJson} (group
 * hierarchies, attributes) are added; the request's own win on the same uid. Forbid wins, then
 * permit, else deny; an evaluation error denies.
 */
public final class CedarPolicy implements Policy {

    private static final Logger LOG = LoggerFactory.getLogger(CedarPolicy.class);
    private static final List<String> ANNOTATION_HINTS = List.of("readOnlyHint", "destructiveHint", "idempotentHint",
            "openWorldHint");

    private final BasicAuthorizationEngine engine;
    private final PolicySet policies;
    private final Map<EntityUID, Entity> configured;
    private final GroupClaims groupClaims;
    private final EntityTypeName groupType;
    private final EntityTypeName clientType;
    private final EntityTypeName actionType;
    private final EntityUID server;
    private final boolean readsArguments;

    /**
     * @param serverName the gateway's config {@code name}: resources are children of {@code MCP::"<name>"}
     */
    public CedarPolicy(List<String> policyTexts, String entitiesJson, GroupClaims groupClaims, String groupEntityType,
                       String serverName) throws AuthzSpecException {
        // first: every cedar-java class loads the native library, and this reports its failure clearly
        this.engine = CedarRuntime.engine();
        this.clientType = type("Client");
        this.actionType = type("Action");
        if (policyTexts.isEmpty()) {
            throw new AuthzSpecException("policies", "at least one Cedar policy is required with type: cedar");
        }
        for (int i = 0; i < policyTexts.size(); i++) {
            int count;
            try {
                count = PolicySet.parsePolicies(policyTexts.get(i)).getNumPolicies();
            } catch (Exception e) {
                throw new AuthzSpecException("policies[" + i + "]", "not a valid Cedar policy: " + e.getMessage());
            }
            if (count == 0) {
                throw new AuthzSpecException("policies[" + i + "]", "holds no Cedar policy");
            }
        }
        try {
            this.policies = PolicySet.parsePolicies(String.join("\n", policyTexts));
        } catch (Exception e) {
            throw new AuthzSpecException("policies", "the policies do not form one policy set: " + e.getMessage());
        }
        try {
            // parsed once on the native side too: otherwise every decision sends and re-parses the text
            this.policies.cache();
        } catch (Exception e) {
            LOG.debug("Cedar policy set not cached natively; each decision parses it: {}", e.toString());
        }
        this.configured = entities(entitiesJson);
        this.groupClaims = groupClaims;
        this.groupType = groupType(groupEntityType);
        this.server = serverName == null || serverName.isEmpty() ? null : type("MCP").of(serverName);
        this.readsArguments = policyTexts.stream().anyMatch(p -> p.contains("arg_"));
    }

    @Override
    public boolean allows(CallerIdentity caller, Feature feature, String name, ObjectNode definition, JsonNode arguments) {
        Map<String, Value> claims = claims(caller);
        Map<String, Value> args = arguments(arguments);
        Set<EntityUID> groups = new HashSet<>();
        for (String g : groupClaims.of(caller)) {
            groups.add(groupType.of(g));
        }
        EntityUID principal = clientType.of(caller.subject());
        EntityUID action = actionType.of(feature.cedarAction());
        EntityUID resource = type(feature.cedarType()).of(feature == Feature.RESOURCE ? sanitize(name) : name);

        Map<String, Value> resourceAttrs = new HashMap<>();
        if (feature == Feature.TOOL) {
            annotations(definition, resourceAttrs);
            resourceAttrs.putAll(args);
            standard(resourceAttrs, feature, name);
        } else {
            standard(resourceAttrs, feature, name);
            if (feature == Feature.RESOURCE) {
                resourceAttrs.put("uri", new PrimString(name));
            }
            resourceAttrs.putAll(args);
        }
        Map<EntityUID, Entity> entities = new HashMap<>(configured);
        entities.put(principal, new Entity(principal, claims, groups));
        entities.put(action, new Entity(action, Map.of("operation", new PrimString(feature.cedarAction())), Set.of()));
        entities.put(resource, new Entity(resource, resourceAttrs, server == null ? Set.of() : Set.of(server)));
        Map<String, Value> context = new HashMap<>(claims);
        context.putAll(args);
        try {
            AuthorizationResponse r = engine.isAuthorized(new AuthorizationRequest(principal, action, resource, context),
                    policies, new HashSet<>(entities.values()));
            if (r.success.isEmpty()) {
                LOG.warn("Cedar could not decide {} on {} ({}); denied", feature.cedarAction(), name, r.type);
                return false;
            }
            if (!r.success.get().getErrors().isEmpty()) {
                // ToolHive: an evaluation error is an error, and an error denies
                LOG.debug("Cedar evaluation errors for {} on {}; denied: {}", feature.cedarAction(), name,
                        r.success.get().getErrors());
                return false;
            }
            return r.success.get().isAllowed();
        } catch (Exception e) {
            LOG.warn("Cedar failed on {} {}; denied: {}", feature.cedarAction(), name, e.toString());
            return false;
        }
    }

    /** Everything of the caller Cedar sees: the subject and all claims. */
    @Override
    public Object callerKey(CallerIdentity caller) {
        return List.of(caller.subject(), caller.claims());
    }

    @Override
    public boolean readsArguments() {
        return readsArguments;
    }

    @Override
    public boolean cacheDecisions() {
        return true;
    }

    private static void standard(Map<String, Value> attrs, Feature feature, String name) {
        attrs.put("name", new PrimString(name));
        attrs.put("operation", new PrimString(feature.operation()));
        attrs.put("feature", new PrimString(feature.wireName()));
    }

    private static void annotations(ObjectNode definition, Map<String, Value> attrs) {
        JsonNode ann = definition == null ? null : definition.get("annotations");
        if (ann == null || !ann.isObject()) {
            return;
        }
        for (String hint : ANNOTATION_HINTS) {
            JsonNode v = ann.get(hint);
            if (v != null && v.isBoolean()) {
                attrs.put(hint, new PrimBool(v.booleanValue()));
            }
        }
    }

    private static Map<String, Value> claims(CallerIdentity caller) {
        Map<String, Value> out = new HashMap<>();
        caller.claims().forEach((k, v) -> {
            Value c = CedarValues.of(v);
            if (c != null) {
                out.put("claim_" + k, c);
            }
        });
        // the subject is Cedar's principal id; a caller without a sub claim (anonymous, an API key) still has it
        out.putIfAbsent("claim_sub", new PrimString(caller.subject()));
        return out;
    }

    private static Map<String, Value> arguments(JsonNode arguments) {
        Map<String, Value> out = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = CedarValues.fields(arguments);
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Value v = CedarValues.scalar(e.getValue());
            if (v != null) {
                out.put("arg_" + e.getKey(), v);
            } else if (!e.getValue().isNull()) {
                out.put("arg_" + e.getKey() + "_present", new PrimBool(true));
            }
        }
        return out;
    }

    /** ToolHive's entity id for a resource URI: the characters Cedar ids are awkward with become _. */
    static String sanitize(String uri) {
        StringBuilder b = new StringBuilder(uri.length());
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            b.append(switch (c) {
                case ':', '/', '\\', '?', '&', '=', '#', ' ', '.' -> '_';
                default -> c;
            });
        }
        return b.toString();
    }

    private static Map<EntityUID, Entity> entities(String json) throws AuthzSpecException {
        Map<EntityUID, Entity> out = new HashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        try {
            for (Entity e : Entities.parse(json).getEntities()) {
                out.put(e.getEUID(), e);
            }
        } catch (Exception e) {
            throw new AuthzSpecException("entitiesJson", "not valid Cedar entities JSON (a list of {uid, attrs,"
                    + " parents}): " + e.getMessage());
        }
        return out;
    }

    private static EntityTypeName groupType(String name) throws AuthzSpecException {
        if (name.contains("::")) {
            throw new AuthzSpecException("groupEntityType", "'" + name + "' contains '::': namespaced entity types are"
                    + " not supported (as in ToolHive)");
        }
        try {
            PolicySet.parsePolicies("permit(principal in " + name + "::\"x\", action, resource);");
        } catch (Exception e) {
            throw new AuthzSpecException("groupEntityType", "'" + name + "' is not a valid Cedar identifier");
        }
        return EntityTypeName.parse(name).orElseThrow(() ->
                new AuthzSpecException("groupEntityType", "'" + name + "' is not a valid Cedar identifier"));
    }

    private static EntityTypeName type(String name) {
        return EntityTypeName.parse(name).orElseThrow();
    }
}
