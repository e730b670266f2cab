package routes.registry;

import java.util.List;

/**
 * A backend name that more than one source claims. Only one claim is served; the others are
 * ignored until the served one lets go of the name (see {@link SourcePrecedence}).
 *
 * @param name    the backend name
 * @param source  the source whose spec is served
 * @param ignored the other claiming sources, in precedence order
 */
public record NameConflict(String name, String source, List<String> ignored) {

    public NameConflict {
        ignored = List.copyOf(ignored);
    }
}
