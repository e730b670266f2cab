package routes.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import routes.config.AggregationConfig.ToolAnnotations;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static routes.catalog.Fixtures.excludeAll;
import static routes.catalog.Fixtures.filter;
import static routes.catalog.Fixtures.override;
import static routes.catalog.Fixtures.prefix;
import static routes.catalog.Fixtures.priority;
import static routes.catalog.Fixtures.tools;

/** The snapshot itself: lookups, hidden routing, advertised nodes, paging, and never touching inputs. */
class CatalogTest {

    @Test
    void theEmptyCatalogHasNothingAndVersionZero() {
        assertEquals(0, Catalog.EMPTY.version());
        assertTrue(Catalog.EMPTY.tools().isEmpty());
        assertTrue(Catalog.EMPTY.toolDefinitions().isEmpty());
        assertTrue(Catalog.EMPTY.tool("x").isEmpty());
        assertTrue(Catalog.EMPTY.prompt("x").isEmpty());
        assertTrue(Catalog.EMPTY.resource("x").isEmpty());
        assertTrue(Catalog.EMPTY.hiddenTool("b", "x").isEmpty());
    }

    @Test
    void carriesTheCallersVersion() throws Exception {
        assertEquals(42, Aggregator.aggregate(List.of(tools("a", "x")), prefix(), 42).catalog().version());
    }

    @Test
    void looksUpByAdvertisedNameAndRoutesBackToTheOriginal() throws Exception {
        Catalog catalog = Aggregator.aggregate(List.of(tools("github", "search"), tools("gitlab", "search")),
                prefix(override("github", "search", "code_search", null, null)), 1).catalog();

        CatalogEntry e = catalog.tool("github_code_search").orElseThrow();
        assertEquals("github", e.backend());
        assertEquals("search", e.originalName());
        assertEquals("gitlab", catalog.tool("gitlab_search").orElseThrow().backend());
        assertTrue(catalog.tool("search").isEmpty());
        assertTrue(catalog.tool("github_search").isEmpty());
    }

    @Test
    void advertisesOverridesWithoutTouchingTheBackendsNodes() throws Exception {
        ObjectNode original = Fixtures.tool("search");
        original.putObject("annotations").put("destructiveHint", false).put("title", "Search");
        JsonNode before = original.deepCopy();

        Catalog catalog = Aggregator.aggregate(List.of(BackendCapabilities.ofTools("github", List.of(original))),
                prefix(override("github", "search", "code_search", "Search the code",
                        new ToolAnnotations("Code search", true, null, null, null))), 1).catalog();

        assertEquals(before, original, "the backend's node must not change");
        ObjectNode advertised = catalog.tool("github_code_search").orElseThrow().definition();
        assertEquals("github_code_search", advertised.get("name").textValue());
        assertEquals("Search the code", advertised.get("description").textValue());
        assertEquals(original.get("inputSchema"), advertised.get("inputSchema"));
        assertEquals("Code search", advertised.at("/annotations/title").textValue());
        assertTrue(advertised.at("/annotations/readOnlyHint").booleanValue());
        assertFalse(advertised.at("/annotations/destructiveHint").booleanValue(), "annotations not overridden are kept");
    }

    @Test
    void aToolWhoseNameDoesNotChangeIsAdvertisedAsTheBackendSentIt() throws Exception {
        ObjectNode node = Fixtures.tool("search");
        Catalog catalog = Aggregator.aggregate(List.of(BackendCapabilities.ofTools("github", List.of(node))),
                priority(List.of("github")), 1).catalog();

        assertSame(node, catalog.tool("search").orElseThrow().definition());
    }

    @Test
    void hiddenToolsStayRoutableByTheirOriginalName() throws Exception {
        Catalog catalog = Aggregator.aggregate(List.of(
                        tools("github", "search", "fetch", "delete_repo"), tools("gitlab", "search"), tools("jira", "ticket")),
                priority(List.of("gitlab"), filter("github", "search", "fetch"), excludeAll("jira")), 1).catalog();

        assertEquals(List.of("fetch", "search"), catalog.tools().stream().map(CatalogEntry::advertisedName).sorted().toList());
        assertEquals("gitlab", catalog.tool("search").orElseThrow().backend());
        // filtered out, excluded, and lost the priority conflict: none advertised, all routable
        assertEquals("delete_repo", catalog.hiddenTool("github", "delete_repo").orElseThrow().originalName());
        assertEquals("jira", catalog.hiddenTool("jira", "ticket").orElseThrow().backend());
        assertEquals("github", catalog.hiddenTool("github", "search").orElseThrow().backend());
        assertTrue(catalog.hiddenTool("github", "fetch").isEmpty(), "advertised tools are found with tool()");
        assertTrue(catalog.tool("delete_repo").isEmpty());
    }

    @Test
    void definitionsArePageableInCatalogOrder() throws Exception {
        Catalog catalog = Aggregator.aggregate(List.of(tools("b", "t1", "t2"), tools("a", "t1", "t2", "t3")), prefix(), 1)
                .catalog();

        List<ObjectNode> page = catalog.toolDefinitions().subList(2, 4);
        assertEquals(List.of("a_t3", "b_t1"), page.stream().map(n -> n.get("name").textValue()).toList());
        for (int i = 0; i < catalog.tools().size(); i++) {
            assertSame(catalog.tools().get(i).definition(), catalog.toolDefinitions().get(i));
        }
        assertThrows(UnsupportedOperationException.class, () -> catalog.toolDefinitions().add(Fixtures.tool("x")));
        assertThrows(UnsupportedOperationException.class, () -> catalog.tools().clear());
    }

    @Test
    void buildsFiveThousandToolsWithEveryNameLookedUp() throws Exception {
        List<BackendCapabilities> backends = new ArrayList<>();
        for (int b = 0; b < 50; b++) {
            List<ObjectNode> nodes = new ArrayList<>();
            for (int t = 0; t < 100; t++) {
                nodes.add(Fixtures.tool("tool_" + t));
            }
            backends.add(BackendCapabilities.ofTools(String.format("backend-%02d", b), nodes));
        }

        Catalog catalog = Aggregator.aggregate(backends, prefix(), 7).catalog();

        assertEquals(5000, catalog.tools().size());
        assertEquals("backend-00_tool_0", catalog.tools().get(0).advertisedName());
        assertEquals("backend-49_tool_99", catalog.tools().get(4999).advertisedName());
        for (CatalogEntry e : catalog.tools()) {
            assertSame(e, catalog.tool(e.advertisedName()).orElseThrow());
        }
    }

    @Test
    void aBackendGivenTwiceIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class,
                () -> Aggregator.aggregate(List.of(tools("a", "x"), tools("a", "y")), prefix(), 1));
    }
}
