package routes.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's config documentation against the loader: its table of ToolHive keys is exactly
 * {@link ToolHiveKeys#ALL}, and every YAML example of its "Configure backends" section loads as
 * written unless the line before it marks it as a fragment ({@code <!-- fragment -->}).
 */
class ReadmeConfigTest {

    private static final Path README = Path.of("README.md");
    static final String BEGIN = "<!-- toolhive-keys:begin";
    static final String END = "<!-- toolhive-keys:end -->";

    /** The table as the registry says it; on a difference the test leaves it in target/ to paste. */
    static String renderTable() {
        StringBuilder sb = new StringBuilder("| key | in Caravan | what it does, or the message / reason |\n")
                .append("| --- | --- | --- |\n");
        for (ToolHiveKeys.Key k : ToolHiveKeys.ALL) {
            sb.append("| `").append(k.key()).append("` | ").append(k.answerText()).append(" | ")
                    .append(k.detail().replace("%s", "chosen")).append(" |\n");
        }
        return sb.toString();
    }

    @Test
    void theKeysTableIsTheLoadersRegistry() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int begin = indexOf(lines, BEGIN);
        int end = indexOf(lines, END);
        assertTrue(begin >= 0 && end > begin, "README.md has no " + BEGIN + " ... " + END + " section");
        String inReadme = lines.subList(begin + 1, end).stream().map(l -> l + "\n").collect(Collectors.joining());
        String expected = renderTable();
        if (!expected.equals(inReadme)) {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "toolhive-keys-table.md"), expected);
        }
        assertEquals(expected, inReadme, "README.md's ToolHive keys table differs from routes.config.ToolHiveKeys;"
                + " the table to paste is in target/toolhive-keys-table.md");
    }

    @Test
    void everyYamlExampleLoadsOrIsMarkedAsAFragment() throws Exception {
        List<String> all = Files.readAllLines(README);
        int start = indexOf(all, "## Configure backends");
        int stop = start + 1;
        while (stop < all.size() && !all.get(stop).startsWith("## ")) {
            stop++;
        }
        List<String> lines = all.subList(start, stop);
        int loaded = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```yaml")) {
                continue;
            }
            List<String> block = new ArrayList<>();
            int j = i + 1;
            for (; !lines.get(j).equals("```"); j++) {
                block.add(lines.get(j));
            }
            boolean fragment = i > 0 && lines.get(i - 1).trim().equals("<!-- fragment -->");
            if (!fragment) {
                int line = start + i + 1;
                try {
                    ConfigLoader.parse(String.join("\n", block), "README.md");
                } catch (ConfigException e) {
                    throw new AssertionError("the YAML example at README.md line " + line + " does not load; fix it or"
                            + " mark it <!-- fragment -->:\n" + e.getMessage(), e);
                }
                loaded++;
            }
            i = j;
        }
        assertTrue(loaded >= 2, "the README's main config examples are checked");
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
