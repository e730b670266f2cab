package routes.config;

import java.util.List;

/**
 * A gateway config file that cannot be used. It carries every problem found in the file, each
 * naming the entry and the field ({@code backends[1] (name=weather).transport: ...}), so that one
 * run tells the user everything to fix.
 */
public final class ConfigException extends Exception {

    private final String source;
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        this(render(source, problems), source, problems);
    }

    private ConfigException(String message, String source, List<String> problems) {
        super(message);
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** There is no file at the path: one line, as there is nothing in it to list. */
    static ConfigException missing(String source) {
        String line = "config file " + source + " does not exist";
        return new ConfigException(line, source, List.of(line));
    }

    /** The file (or other source name) that was read. */
    public String source() {
        return source;
    }

    /** One human-readable line per problem, in file order. */
    public List<String> problems() {
        return problems;
    }

    private static String render(String source, List<String> problems) {
        StringBuilder sb = new StringBuilder("invalid gateway config ").append(source).append(" (")
                .append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
