package routes.catalog;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.config.AggregationConfig;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static routes.catalog.Fixtures.describe;
import static routes.catalog.Fixtures.excludeAll;
import static routes.catalog.Fixtures.excludingAllTools;
import static routes.catalog.Fixtures.filter;
import static routes.catalog.Fixtures.manual;
import static routes.catalog.Fixtures.override;
import static routes.catalog.Fixtures.prefix;
import static routes.catalog.Fixtures.priority;
import static routes.catalog.Fixtures.rename;
import static routes.catalog.Fixtures.tools;

/**
 * Which tools are advertised under which names: one row per rule of toolhive-vmcp.md §1.4-1.5.
 * Expected entries read "advertised=backend/original", in catalog order; warnings are fragments.
 */
class ToolNamingTest {

    // Two backends that both expose search and fetch: the canonical conflict.
    private static final List<BackendCapabilities> COLLIDING = List.of(
            tools("github", "search", "fetch", "create_issue"),
            tools("gitlab", "search", "fetch"));

    static Stream<Arguments> advertised() {
        return Stream.of(
                // prefix: every tool is prefixed, colliding or not
                row("prefix: default {workload}_ on every tool", prefix(), COLLIDING,
                        List.of("github_search=github/search", "github_fetch=github/fetch", "github_create_issue=github/create_issue",
                                "gitlab_search=gitlab/search", "gitlab_fetch=gitlab/fetch")),
                row("prefix: {workload}. format", prefix("{workload}."), COLLIDING,
                        List.of("github.search=github/search", "github.fetch=github/fetch", "github.create_issue=github/create_issue",
                                "gitlab.search=gitlab/search", "gitlab.fetch=gitlab/fetch")),
                row("prefix: a static prefix keeps the first backend on collisions", prefix("mcp_"), COLLIDING,
                        List.of("mcp_search=github/search", "mcp_fetch=github/fetch", "mcp_create_issue=github/create_issue"),
                        "tool 'mcp_search' of backend gitlab (originally 'search') collides with the one of backend github",
                        "tool 'mcp_fetch' of backend gitlab"),
                row("prefix: backends are ordered by name whatever the input order", prefix(),
                        List.of(tools("zeta", "b", "a"), tools("alpha", "y", "x")),
                        List.of("alpha_y=alpha/y", "alpha_x=alpha/x", "zeta_b=zeta/b", "zeta_a=zeta/a")),

                // priority: bare names; the first listed backend wins conflicts
                row("priority: the listed backend wins, unique tools stay bare", priority(List.of("gitlab", "github")), COLLIDING,
                        List.of("create_issue=github/create_issue", "search=gitlab/search", "fetch=gitlab/fetch")),
                row("priority: one of the conflicting backends is listed", priority(List.of("github")), COLLIDING,
                        List.of("search=github/search", "fetch=github/fetch", "create_issue=github/create_issue")),
                row("priority: none listed, all fall back to {workload}_", priority(List.of("other")), COLLIDING,
                        List.of("github_search=github/search", "github_fetch=github/fetch", "create_issue=github/create_issue",
                                "gitlab_search=gitlab/search", "gitlab_fetch=gitlab/fetch")),

                // manual: bare names, conflicts resolved by overrides
                row("manual: no conflict, bare names", manual(rename("github", "create_issue", "open_issue")),
                        List.of(tools("github", "search", "create_issue"), tools("jira", "create_ticket")),
                        List.of("search=github/search", "open_issue=github/create_issue", "create_ticket=jira/create_ticket")),
                row("manual: overrides resolve every conflict",
                        manual(rename("github", "search", "gh_search", "fetch", "gh_fetch")), COLLIDING,
                        List.of("gh_search=github/search", "gh_fetch=github/fetch", "create_issue=github/create_issue",
                                "search=gitlab/search", "fetch=gitlab/fetch")),

                // filters and overrides apply per workload before resolution
                row("filter: allow-list per workload", prefix(filter("github", "search")), COLLIDING,
                        List.of("github_search=github/search", "gitlab_search=gitlab/search", "gitlab_fetch=gitlab/fetch")),
                row("filter: matches the name after the override",
                        prefix(override("github", "search", "code_search", null, null, "code_search")), COLLIDING,
                        List.of("github_code_search=github/search", "gitlab_search=gitlab/search", "gitlab_fetch=gitlab/fetch")),
                row("filter: the original name of a renamed tool matches nothing",
                        prefix(override("github", "search", "code_search", null, null, "search")), COLLIDING,
                        List.of("gitlab_search=gitlab/search", "gitlab_fetch=gitlab/fetch"),
                        "backend github: filter entry 'search' matches no tool of this backend (the filter uses names after overrides)"),
                row("filter: hidden tools do not conflict under priority",
                        priority(List.of("github"), filter("github", "create_issue")), COLLIDING,
                        List.of("create_issue=github/create_issue", "search=gitlab/search", "fetch=gitlab/fetch")),
                row("override: rename feeds the prefix", prefix(rename("github", "search", "code_search")), COLLIDING,
                        List.of("github_code_search=github/search", "github_fetch=github/fetch", "github_create_issue=github/create_issue",
                                "gitlab_search=gitlab/search", "gitlab_fetch=gitlab/fetch")),
                row("override: for a tool the backend does not have", prefix(rename("gitlab", "merge", "mr_merge")),
                        List.of(tools("gitlab", "search")), List.of("gitlab_search=gitlab/search"),
                        "backend gitlab: aggregation override for tool 'merge' matches no tool of this backend"),
                row("override: renamed onto another tool of the same backend", prefix(rename("github", "fetch", "search")),
                        List.of(tools("github", "search", "fetch")), List.of("github_search=github/search"),
                        "tool 'github_search' of backend github (originally 'fetch') collides with the one of backend github"),
                row("excludeAll hides one workload's tools", prefix(excludeAll("github")), COLLIDING,
                        List.of("gitlab_search=gitlab/search", "gitlab_fetch=gitlab/fetch")),
                row("excludeAllTools hides every tool", excludingAllTools(prefix()), COLLIDING, List.of()),

                // advertised names must be valid MCP tool names
                row("invalid: a space in the backend's tool name", prefix(),
                        List.of(tools("github", "search code", "fetch")), List.of("github_fetch=github/fetch"),
                        "backend github: tool 'search code' is left out: 'github_search code' is not a valid MCP tool name"),
                row("invalid: 126 characters plus a 2-character prefix is still valid", prefix(),
                        List.of(tools("a", "x".repeat(126))), List.of("a_" + "x".repeat(126) + "=a/" + "x".repeat(126))),
                row("invalid: too long only after prefixing", prefix(),
                        List.of(tools("ab", "x".repeat(126))), List.of(),
                        "backend ab: tool '" + "x".repeat(126) + "' is left out"),
                row("invalid: a bare name under priority", priority(List.of("github")),
                        List.of(tools("github", "repo/search", "fetch")), List.of("fetch=github/fetch"),
                        "'repo/search' is not a valid MCP tool name"),
                row("invalid: a tool without a name", prefix(),
                        List.of(BackendCapabilities.ofTools("github", List.of(Fixtures.named("ok"), Fixtures.JSON.createObjectNode()))),
                        List.of("github_ok=github/ok"), "backend github: tools[1] has no name; left out"),
                row("invalid: a backend listing one tool twice", prefix(),
                        List.of(tools("github", "search", "search")), List.of("github_search=github/search"),
                        "backend github: lists tool 'search' twice"));
    }

    private static Arguments row(String rule, AggregationConfig config, List<BackendCapabilities> backends,
                                 List<String> expected, String... warnings) {
        return Arguments.of(rule, config, backends, expected, List.of(warnings));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("advertised")
    void advertises(String rule, AggregationConfig config, List<BackendCapabilities> backends, List<String> expected,
                    List<String> expectedWarnings) throws Exception {
        AggregationResult result = Aggregator.aggregate(backends, config, 1);

        assertEquals(expected, describe(result.catalog().tools()));
        assertEquals(expectedWarnings.size(), result.warnings().size(), () -> "warnings: " + result.warnings());
        for (String w : expectedWarnings) {
            assertTrue(result.warnings().stream().anyMatch(x -> x.contains(w)),
                    () -> "expected a warning containing \"" + w + "\" in " + result.warnings());
        }
    }

    static Stream<Arguments> manualConflicts() {
        return Stream.of(
                Arguments.of("unresolved conflict", manual(rename("github", "create_issue", "open_issue")), COLLIDING,
                        List.of("tool 'search' is offered by backends github, gitlab; with conflictResolution manual, add"
                                        + " aggregation.tools[].overrides renaming it for all but one of these backends",
                                "tool 'fetch' is offered by backends github, gitlab")),
                Arguments.of("conflict created by an override", manual(rename("jira", "lookup", "search")),
                        List.of(tools("github", "search"), tools("jira", "lookup")),
                        List.of("tool 'search' is offered by backends github, jira: an override renamed 'lookup' of jira"
                                + " onto a name already in use")),
                Arguments.of("override onto another tool of the same backend", manual(rename("github", "fetch", "search")),
                        List.of(tools("github", "search", "fetch")),
                        List.of("backend github: tool 'fetch' and 'search' both end up named 'search' after overrides")));
    }

    @ParameterizedTest(name = "manual: {0}")
    @MethodSource("manualConflicts")
    void manualModeRefusesConflicts(String rule, AggregationConfig config, List<BackendCapabilities> backends,
                                    List<String> expectedProblems) {
        AggregationException e = assertThrows(AggregationException.class, () -> Aggregator.aggregate(backends, config, 1));
        assertEquals(expectedProblems.size(), e.problems().size(), e.getMessage());
        for (String p : expectedProblems) {
            assertTrue(e.getMessage().contains(p), () -> "expected \"" + p + "\" in:\n" + e.getMessage());
        }
    }
}
