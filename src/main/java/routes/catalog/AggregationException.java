package routes.catalog;

import java.util.List;

/**
 * The backends' capabilities cannot be combined under the configured rules (today: conflicts left
 * unresolved under {@code conflictResolution: manual}). Carries every conflict, each naming the
 * tool and the backends, so the user can fix the overrides in one go. The previous catalog should
 * stay in service.
 */
public final class AggregationException extends Exception {

    private final List<String> problems;

    public AggregationException(List<String> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String render(List<String> problems) {
        StringBuilder sb = new StringBuilder("cannot build the catalog (").append(problems.size())
                .append(problems.size() == 1 ? " conflict)" : " conflicts)");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
