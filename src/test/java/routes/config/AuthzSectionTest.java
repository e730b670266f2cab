package routes.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.authz.AuthzSpec;
import routes.authz.RuleSpec;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code incomingAuth.authz} at load: a good section becomes the spec the authorizer compiles; each
 * mistake is one problem naming the key (Cedar's parse errors included, from the real engine).
 */
class AuthzSectionTest {

    private static final String BASE = """
            name: gw
            backends:
              - {name: github, url: "https://github.example.com/mcp", transport: streamable-http}
            incomingAuth:
              type: anonymous
              authz:
            """;

    private static GatewayConfig load(String authz) throws ConfigException {
        return ConfigLoader.parse(BASE + authz.indent(4), "config.yaml");
    }

    @Test
    void aRuleSetLoadsAsWritten() throws Exception {
        AuthzSpec spec = load("""
                type: rules
                groupClaimName: teams
                rules:
                  default: allow
                  tools:
                    - deny: "*_delete*"
                    - allow: [weather_get, "notes_*"]
                      subjects: [alice]
                      groups: [eng]
                      claims: {department: finance, scope: [notes:read, notes:write]}
                  resources:
                    - deny: ["file:///etc/*"]
                """).authz();
        assertEquals(AuthzSpec.Type.RULES, spec.type());
        assertEquals("teams", spec.groups().groupClaimName());
        RuleSpec rules = spec.rules();
        assertTrue(rules.defaultAllow());
        assertEquals(new RuleSpec.Rule(true, List.of("*_delete*"), List.of(), List.of(), Map.of()), rules.tools().get(0));
        assertEquals(new RuleSpec.Rule(false, List.of("weather_get", "notes_*"), List.of("alice"), List.of("eng"),
                Map.of("department", List.of("finance"), "scope", List.of("notes:read", "notes:write"))), rules.tools().get(1));
        assertEquals(List.of(), rules.prompts());
        assertEquals(1, rules.resources().size());
    }

    @Test
    void theRuleSetDeniesByDefault() throws Exception {
        assertEquals(false, load("type: rules\nrules: {tools: [{allow: x}]}\n").authz().rules().defaultAllow());
    }

    @Test
    void cedarLoadsWithEntitiesAndNoneIsNone() throws Exception {
        AuthzSpec cedar = load("""
                type: cedar
                policies:
                  - 'permit(principal in THVGroup::"eng", action == Action::"call_tool", resource);'
                entitiesJson: '[{"uid": {"type": "THVGroup", "id": "eng"}, "attrs": {}, "parents": []}]'
                """).authz();
        assertEquals(AuthzSpec.Type.CEDAR, cedar.type());
        assertEquals(1, cedar.policies().size());
        assertEquals(AuthzSpec.NONE, load("type: none\n").authz());
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("unknown type", "type: opa\n",
                        "incomingAuth.authz.type: 'opa' is not an authorization type; allowed: cedar, rules (Caravan's own), none"),
                Arguments.of("cedar without policies", "type: cedar\n",
                        "incomingAuth.authz.policies: at least one Cedar policy is required with type: cedar"),
                Arguments.of("a policy Cedar cannot parse", "type: cedar\npolicies: ['permit(principal, action, resource);', 'permit(oops']\n",
                        "incomingAuth.authz.policies[1]: not a valid Cedar policy"),
                Arguments.of("bad entities", "type: cedar\npolicies: ['permit(principal, action, resource);']\nentitiesJson: '{x'\n",
                        "incomingAuth.authz.entitiesJson: not valid Cedar entities JSON"),
                Arguments.of("namespaced group type", "type: cedar\npolicies: ['permit(principal, action, resource);']\n"
                        + "groupEntityType: 'A::B'\n", "incomingAuth.authz.groupEntityType: 'A::B' contains '::'"),
                Arguments.of("rules under cedar", "type: cedar\npolicies: ['permit(principal, action, resource);']\n"
                        + "rules: {tools: [{allow: x}]}\n", "incomingAuth.authz.rules: belongs to type: rules"),
                Arguments.of("policies under rules", "type: rules\npolicies: ['permit(principal, action, resource);']\n"
                        + "rules: {tools: [{allow: x}]}\n", "incomingAuth.authz.policies: belongs to type: cedar, not type: rules"),
                Arguments.of("rules missing", "type: rules\n", "incomingAuth.authz.rules: is required"),
                Arguments.of("bad default", "type: rules\nrules: {default: maybe}\n", "incomingAuth.authz.rules.default: 'maybe' is not allow or deny"),
                Arguments.of("unknown rules key", "type: rules\nrules: {tool: []}\n", "incomingAuth.authz.rules.tool: unknown field"),
                Arguments.of("rule with both", "type: rules\nrules: {tools: [{allow: a}, {allow: b, deny: c}]}\n",
                        "incomingAuth.authz.rules.tools[1]: sets both allow and deny; a rule does one"),
                Arguments.of("rule with neither", "type: rules\nrules: {prompts: [{groups: [eng]}]}\n",
                        "incomingAuth.authz.rules.prompts[0]: needs allow or deny"),
                Arguments.of("empty pattern list", "type: rules\nrules: {tools: [{deny: []}]}\n",
                        "incomingAuth.authz.rules.tools[0].deny: lists no name or pattern"),
                Arguments.of("pattern not a string", "type: rules\nrules: {resources: [{allow: [1]}]}\n",
                        "incomingAuth.authz.rules.resources[0].allow[0]: must be a non-empty string"),
                Arguments.of("claims not a map", "type: rules\nrules: {tools: [{allow: a, claims: [x]}]}\n",
                        "incomingAuth.authz.rules.tools[0].claims: must be a map"),
                Arguments.of("unknown rule key", "type: rules\nrules: {tools: [{allow: a, users: [x]}]}\n",
                        "incomingAuth.authz.rules.tools[0].users: unknown field"),
                Arguments.of("rule not a map", "type: rules\nrules: {tools: [weather_get]}\n",
                        "incomingAuth.authz.rules.tools[0]: must be a rule (a map with allow or deny)"),
                Arguments.of("upstream provider", "type: rules\nrules: {tools: [{allow: a}]}\nprimaryUpstreamProvider: github\n",
                        "incomingAuth.authz.primaryUpstreamProvider: names an upstream identity provider's token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void aMistakeIsOneProblemNamingTheKey(String what, String authz, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(authz));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
