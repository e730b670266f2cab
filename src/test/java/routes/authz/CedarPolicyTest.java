package routes.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.kernel.CallerIdentity;
import routes.protocol.Json;
import routes.testing.HeaderCallers;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ToolHive's Cedar model on the real cedar-java engine (its native library loaded in this JVM):
 * principal, action and resource as ToolHive builds them, claims and arguments as attributes and
 * context, groups as parents, entitiesJson hierarchies, forbid over permit, and bad input refused
 * with the key at fault.
 */
class CedarPolicyTest {

    private static CallerIdentity caller(String who) {
        return who.equals("-") ? CallerIdentity.anonymous(null, null) : HeaderCallers.parse(who);
    }

    private static CedarPolicy policy(String entities, String groupEntityType, String... policies) throws AuthzSpecException {
        return new CedarPolicy(List.of(policies), entities, GroupClaims.DEFAULT,
                groupEntityType == null ? AuthzSpec.DEFAULT_GROUP_ENTITY_TYPE : groupEntityType, "gw");
    }

    private static final String[] POLICIES = {
            "permit(principal, action == Action::\"call_tool\", resource == Tool::\"weather_get\");",
            "permit(principal == Client::\"alice\", action == Action::\"call_tool\", resource);",
            "forbid(principal, action == Action::\"call_tool\", resource == Tool::\"notes_delete\");",
            "permit(principal in THVGroup::\"staff\", action == Action::\"get_prompt\", resource);",
            "permit(principal, action == Action::\"read_resource\", resource) when { resource.uri like \"notes://public/*\" };",
            "permit(principal, action == Action::\"call_tool\", resource == Tool::\"billing_pay\") when"
                    + " { principal.claim_department == \"finance\" && context.arg_amount.lessThan(decimal(\"100.0\")) };",
            "permit(principal, action == Action::\"call_tool\", resource) when { resource has readOnlyHint && resource.readOnlyHint };",
            "permit(principal, action == Action::\"read_resource\", resource in MCP::\"gw\") when { context.claim_sub == \"root\" };",
            // numbers are decimals, as in ToolHive: claim_level 3 matches decimal("3.0")
            "permit(principal, action == Action::\"get_prompt\", resource == Prompt::\"levels\") when { principal.claim_level == decimal(\"3.0\") };",
    };
    // eng is in staff: a caller in group eng is in staff through the hierarchy
    private static final String ENTITIES = """
            [{"uid": {"type": "THVGroup", "id": "eng"}, "attrs": {}, "parents": [{"type": "THVGroup", "id": "staff"}]},
             {"uid": {"type": "THVGroup", "id": "staff"}, "attrs": {}, "parents": []}]
            """;

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
            "-                           | TOOL     | weather_get        |                 | true",
            "-                           | TOOL     | notes_list         |                 | false",
            "alice                       | TOOL     | notes_list         |                 | true",
            "alice                       | TOOL     | notes_delete       |                 | false",
            "bob; groups=staff           | PROMPT   | summary            |                 | true",
            "bob; groups=eng             | PROMPT   | summary            |                 | true",
            "bob; groups=sales           | PROMPT   | summary            |                 | false",
            "-                           | PROMPT   | levels             |                 | false",
            "-                           | RESOURCE | notes://public/a   |                 | true",
            "-                           | RESOURCE | notes://private/a  |                 | false",
            "root                        | RESOURCE | notes://private/a  |                 | true",
            "carol; department=finance   | TOOL     | billing_pay        | {\"amount\": 50}  | true",
            "carol; department=finance   | TOOL     | billing_pay        | {\"amount\": 500} | false",
            "carol; department=sales     | TOOL     | billing_pay        | {\"amount\": 50}  | false",
    })
    void decidesAsToolHiveBuildsTheRequest(String who, Feature feature, String name, String args, boolean expected)
            throws Exception {
        CedarPolicy p = policy(ENTITIES, null, POLICIES);
        JsonNode arguments = args == null ? null : Json.MAPPER.readTree(args);
        assertEquals(expected, p.allows(caller(who), feature, name, null, arguments));
    }

    @Test
    void aNumericClaimIsADecimalAsInToolHive() throws Exception {
        CedarPolicy p = policy("", null, POLICIES);
        CallerIdentity level3 = new CallerIdentity("dora", CallerIdentity.Kind.AUTHENTICATED, null, null, null, "iss",
                java.util.Map.of("sub", "dora", "level", 3L, "exp", new java.util.Date(1_900_000_000_000L)));
        assertTrue(p.allows(level3, Feature.PROMPT, "levels", null, null));
    }

    @Test
    void aToolsAnnotationHintsAreResourceAttributes() throws Exception {
        CedarPolicy p = policy("", null, POLICIES);
        ObjectNode readOnly = (ObjectNode) Json.MAPPER.readTree("{\"name\":\"notes_list\",\"annotations\":{\"readOnlyHint\":true}}");
        ObjectNode writing = (ObjectNode) Json.MAPPER.readTree("{\"name\":\"notes_list\",\"annotations\":{\"readOnlyHint\":false}}");
        assertTrue(p.allows(caller("-"), Feature.TOOL, "notes_list", readOnly, null));
        assertFalse(p.allows(caller("-"), Feature.TOOL, "notes_list", writing, null));
        assertTrue(p.readsArguments());
    }

    @Test
    void aCustomGroupEntityTypeNamesTheParents() throws Exception {
        CedarPolicy p = policy("", "Team", "permit(principal in Team::\"ops\", action, resource);");
        assertTrue(p.allows(caller("bob; groups=ops"), Feature.TOOL, "x", null, null));
        assertFalse(policy("", null, "permit(principal in Team::\"ops\", action, resource);")
                .allows(caller("bob; groups=ops"), Feature.TOOL, "x", null, null));
        assertFalse(p.readsArguments());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "policies[1]     | permit(principal, action, resource); | permit(principal action",
            "policies[0]     | ''                                   | permit(principal, action, resource);",
    })
    void aBadPolicyNamesItsIndex(String key, String first, String second) {
        AuthzSpecException e = assertThrows(AuthzSpecException.class, () -> policy("", null, first, second));
        assertEquals(key, e.key(), e.getMessage());
    }

    @Test
    void badEntitiesAndGroupTypesNameTheirKeys() {
        String ok = "permit(principal, action, resource);";
        assertEquals("entitiesJson", assertThrows(AuthzSpecException.class, () -> policy("{not json", null, ok)).key());
        assertEquals("groupEntityType", assertThrows(AuthzSpecException.class, () -> policy("", "Platform::Group", ok)).key());
        assertEquals("groupEntityType", assertThrows(AuthzSpecException.class, () -> policy("", "9lives", ok)).key());
        assertEquals("policies", assertThrows(AuthzSpecException.class, () -> policy("", null)).key());
    }

    @Test
    void resourceIdsAreSanitizedAsToolHiveDoes() {
        assertEquals("file____docs_a_md_x_1", CedarPolicy.sanitize("file:///docs/a.md?x=1"));
    }
}
