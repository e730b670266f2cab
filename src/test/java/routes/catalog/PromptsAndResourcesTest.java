package routes.catalog;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.config.AggregationConfig;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static routes.catalog.Fixtures.describe;
import static routes.catalog.Fixtures.manual;
import static routes.catalog.Fixtures.prefix;
import static routes.catalog.Fixtures.priority;
import static routes.catalog.Fixtures.prompts;
import static routes.catalog.Fixtures.resources;
import static routes.catalog.Fixtures.templates;

/** Prompts follow the tools' naming strategy; resource URIs and templates are never rewritten. */
class PromptsAndResourcesTest {

    private static final List<BackendCapabilities> TWO_GREETERS = List.of(
            prompts("github", "greet", "review"), prompts("gitlab", "greet"));

    static Stream<Arguments> promptRows() {
        return Stream.of(
                row("prefix: every prompt prefixed", prefix(), TWO_GREETERS,
                        List.of("github_greet=github/greet", "github_review=github/review", "gitlab_greet=gitlab/greet")),
                row("priority: listed backend wins", priority(List.of("gitlab")), TWO_GREETERS,
                        List.of("review=github/review", "greet=gitlab/greet")),
                row("priority: none listed, {workload}_ fallback", priority(List.of("jira")), TWO_GREETERS,
                        List.of("github_greet=github/greet", "review=github/review", "gitlab_greet=gitlab/greet")),
                row("manual: conflicting prompts fall back to {workload}_ (prompts have no overrides)",
                        manual(), TWO_GREETERS,
                        List.of("github_greet=github/greet", "review=github/review", "gitlab_greet=gitlab/greet"),
                        "prompt 'greet' is offered by backends github, gitlab; advertised with the {workload}_ prefix"),
                row("a prompt without a name is left out", prefix(),
                        List.of(new BackendCapabilities("github", List.of(), List.of(), List.of(),
                                List.of(Fixtures.named("ok"), Fixtures.JSON.createObjectNode()))),
                        List.of("github_ok=github/ok"), "backend github: prompts[1] has no name; left out"));
    }

    private static Arguments row(String rule, AggregationConfig config, List<BackendCapabilities> backends,
                                 List<String> expected, String... warnings) {
        return Arguments.of(rule, config, backends, expected, List.of(warnings));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("promptRows")
    void namesPrompts(String rule, AggregationConfig config, List<BackendCapabilities> backends, List<String> expected,
                      List<String> warnings) throws Exception {
        AggregationResult result = Aggregator.aggregate(backends, config, 1);

        assertEquals(expected, describe(result.catalog().prompts()));
        assertWarnings(warnings, result);
        for (CatalogEntry e : result.catalog().prompts()) {
            assertEquals(e.advertisedName(), e.definition().get("name").textValue());
            assertEquals(e, result.catalog().prompt(e.advertisedName()).orElseThrow());
        }
    }

    static Stream<Arguments> resourceRows() {
        return Stream.of(
                Arguments.of("distinct URIs are kept as they are, under every strategy", prefix(),
                        List.of(resources("gitlab", "file:///b", "file:///a"), resources("github", "repo://x")),
                        List.of("repo://x=github/repo://x", "file:///b=gitlab/file:///b", "file:///a=gitlab/file:///a"),
                        List.of()),
                Arguments.of("duplicate URI: first backend in name order wins", priority(List.of("zeta")),
                        List.of(resources("zeta", "file:///shared"), resources("alpha", "file:///shared", "file:///own")),
                        List.of("file:///shared=alpha/file:///shared", "file:///own=alpha/file:///own"),
                        List.of("backend zeta: resource 'file:///shared' is also offered by backend alpha, which serves it")),
                Arguments.of("a resource without uri is left out", prefix(),
                        List.of(new BackendCapabilities("github", List.of(),
                                List.of(Fixtures.named("no-uri"), Fixtures.resource("repo://ok")), List.of(), List.of())),
                        List.of("repo://ok=github/repo://ok"),
                        List.of("backend github: resource #0 has no uri; left out")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resourceRows")
    void keepsResourceUris(String rule, AggregationConfig config, List<BackendCapabilities> backends, List<String> expected,
                           List<String> warnings) throws Exception {
        AggregationResult result = Aggregator.aggregate(backends, config, 1);

        assertEquals(expected, describe(result.catalog().resources()));
        assertWarnings(warnings, result);
        for (CatalogEntry e : result.catalog().resources()) {
            assertEquals(e, result.catalog().resource(e.advertisedName()).orElseThrow());
        }
    }

    @org.junit.jupiter.api.Test
    void templatesFollowTheResourceRule() throws Exception {
        AggregationResult result = Aggregator.aggregate(List.of(
                templates("zeta", "repo://{owner}/{name}", "file:///{path}"),
                templates("alpha", "repo://{owner}/{name}")), prefix(), 1);

        assertEquals(List.of("repo://{owner}/{name}=alpha/repo://{owner}/{name}", "file:///{path}=zeta/file:///{path}"),
                describe(result.catalog().resourceTemplates()));
        assertEquals("alpha", result.catalog().resourceTemplate("repo://{owner}/{name}").orElseThrow().backend());
        assertWarnings(List.of("backend zeta: resource template 'repo://{owner}/{name}' is also offered by backend alpha"), result);
    }

    private static void assertWarnings(List<String> expected, AggregationResult result) {
        assertEquals(expected.size(), result.warnings().size(), () -> "warnings: " + result.warnings());
        for (String w : expected) {
            assertTrue(result.warnings().stream().anyMatch(x -> x.contains(w)),
                    () -> "expected a warning containing \"" + w + "\" in " + result.warnings());
        }
    }
}
