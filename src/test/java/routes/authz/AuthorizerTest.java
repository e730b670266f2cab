package routes.authz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import routes.kernel.CallerIdentity;
import routes.protocol.Json;
import routes.testing.HeaderCallers;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy's owner: none passes everything through, lists are reused per caller key and catalog version, a new policy starts afresh. */
class AuthorizerTest {

    private static final List<ObjectNode> TOOLS = List.of(Json.object().put("name", "notes_list"),
            Json.object().put("name", "notes_delete"), Json.object().put("name", "weather_get"));
    private static final List<ObjectNode> TEMPLATES = List.of(Json.object().put("uriTemplate", "notes://public/{id}"),
            Json.object().put("uriTemplate", "notes://private/{id}"));

    private static AuthzSpec rules(String... denied) {
        return AuthzSpec.rules(new RuleSpec(true, List.of(new RuleSpec.Rule(true, List.of(denied), List.of(), List.of(), Map.of())),
                List.of(), List.of(new RuleSpec.Rule(true, List.of("notes://private/*"), List.of(), List.of(), Map.of()))),
                GroupClaims.DEFAULT);
    }

    private static List<String> names(List<ObjectNode> items, String field) {
        return items.stream().map(i -> i.path(field).asText()).toList();
    }

    @Test
    void withoutAPolicyTheListIsTheCatalogsOwn() {
        Authorizer a = new Authorizer();
        assertFalse(a.active());
        assertSame(TOOLS, a.visible(CallerIdentity.anonymous(null, null), "tools/list", Feature.TOOL, "name", 1, TOOLS));
        assertTrue(a.allows(CallerIdentity.anonymous(null, null), Feature.TOOL, "anything", null, null));
    }

    @Test
    void listsAreReusedPerCallerKeyAndCatalogVersionAndANewPolicyStartsAfresh() throws Exception {
        Authorizer a = new Authorizer();
        a.apply(rules("*_delete"), "gw");
        CallerIdentity bob = HeaderCallers.parse("bob");
        CallerIdentity ann = HeaderCallers.parse("ann");
        List<ObjectNode> first = a.visible(bob, "tools/list", Feature.TOOL, "name", 1, TOOLS);
        assertEquals(List.of("notes_list", "weather_get"), names(first, "name"));
        assertSame(first, a.visible(ann, "tools/list", Feature.TOOL, "name", 1, TOOLS), "same rules apply: the same list");
        List<ObjectNode> next = a.visible(bob, "tools/list", Feature.TOOL, "name", 2, TOOLS.subList(0, 1));
        assertEquals(List.of("notes_list"), names(next, "name"), "a new catalog version is filtered anew");

        a.apply(rules("notes_*"), "gw");
        assertEquals(List.of("weather_get"), names(a.visible(bob, "tools/list", Feature.TOOL, "name", 1, TOOLS), "name"));
        assertFalse(a.allows(bob, Feature.TOOL, "notes_list", null, null));
    }

    @Test
    void aResourceTemplateCountsAsItsUriTemplate() throws Exception {
        Authorizer a = new Authorizer();
        a.apply(rules("none"), "gw");
        assertEquals(List.of("notes://public/{id}"), names(a.visible(CallerIdentity.anonymous(null, null),
                "resources/templates/list", Feature.RESOURCE, "uriTemplate", 1, TEMPLATES), "uriTemplate"));
    }

    @Test
    void cedarCallDecisionsAreCachedUnlessAPolicyReadsArguments() throws Exception {
        Authorizer a = new Authorizer();
        a.apply(AuthzSpec.cedar(List.of("permit(principal, action, resource) when { context has arg_n && context.arg_n.lessThan(decimal(\"5.0\")) };"),
                "", GroupClaims.DEFAULT, null), "gw");
        CallerIdentity bob = HeaderCallers.parse("bob");
        assertTrue(a.allows(bob, Feature.TOOL, "t", null, Json.MAPPER.readTree("{\"n\": 1}")));
        assertFalse(a.allows(bob, Feature.TOOL, "t", null, Json.MAPPER.readTree("{\"n\": 9}")));
        assertFalse(a.allows(bob, Feature.TOOL, "t", null, null));
    }
}
