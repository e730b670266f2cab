package routes.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.kernel.BackendSpec;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The conflict rule, one row per case: which source's spec is served for each name, and which
 * names are reported as claimed by more than one source. Each spec's host is its source's name,
 * so the served spec shows where it came from.
 */
class SourcePrecedenceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // claims (source: names; ...)               | served (name=source ...)                   | conflicts (name:served>ignored,...)
            "config-file: a b                              | a=config-file b=config-file                |",
            "config-file: a; kubernetes: b                 | a=config-file b=kubernetes                 |",
            "kubernetes: a; config-file: a                 | a=config-file                              | a:config-file>kubernetes",
            "test: a; kubernetes: a                        | a=kubernetes                               | a:kubernetes>test",
            "zeta: a; alpha: a                             | a=alpha                                    | a:alpha>zeta",
            "zeta: c; kubernetes: a c; alpha: c; config-file: a b | a=config-file b=config-file c=kubernetes | a:config-file>kubernetes c:kubernetes>alpha,zeta",
            "kubernetes: a                                 | a=kubernetes                               |",
    })
    void theHighestRankingSourceServesAName(String claims, String served, String conflicts) {
        SourcePrecedence.Resolution r = SourcePrecedence.resolve(parse(claims));
        List<String> shownServed = new ArrayList<>();
        r.served().forEach((name, spec) -> shownServed.add(name + "=" + spec.url().getHost()));
        assertEquals(served.trim(), String.join(" ", shownServed));
        List<String> shownConflicts = new ArrayList<>();
        r.conflicts().forEach(c -> shownConflicts.add(c.name() + ":" + c.source() + ">" + String.join(",", c.ignored())));
        assertEquals(conflicts == null ? "" : conflicts.trim(), String.join(" ", shownConflicts));
    }

    private static Map<String, Map<String, BackendSpec>> parse(String claims) {
        Map<String, Map<String, BackendSpec>> bySource = new LinkedHashMap<>();
        for (String part : claims.split(";")) {
            String[] sourceAndNames = part.split(":");
            String source = sourceAndNames[0].trim();
            Map<String, BackendSpec> specs = new LinkedHashMap<>();
            for (String name : sourceAndNames[1].trim().split(" +")) {
                specs.put(name, new BackendSpec(name, URI.create("http://" + source + "/" + name),
                        BackendSpec.Transport.STREAMABLE_HTTP, null, Duration.ofSeconds(30)));
            }
            bySource.put(source, specs);
        }
        return bySource;
    }
}
