package routes.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A family of resources named by an RFC 6570 level-1 template such as
 * {@code weather://forecast/{city}}. Each variable matches one path segment (no '/'), which is
 * all the demo and test servers need. The reader returns null for a URI that matches the
 * template but names nothing, which the engine answers with "resource not found".
 */
public record ResourceTemplateDefinition(String uriTemplate, String name, String description, String mimeType,
                                         Function<Map<String, String>, String> reader,
                                         Map<String, List<String>> completions) {

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    public ResourceTemplateDefinition {
        Objects.requireNonNull(uriTemplate, "uriTemplate");
        Objects.requireNonNull(name, "name of resource template " + uriTemplate);
        Objects.requireNonNull(reader, "reader of resource template " + uriTemplate);
        completions = Map.copyOf(completions);
    }

    /** The template variables bound by {@code uri}, or empty when the URI does not match. */
    Optional<Map<String, String>> match(String uri) {
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher variable = VARIABLE.matcher(uriTemplate);
        int literalStart = 0;
        while (variable.find()) {
            regex.append(Pattern.quote(uriTemplate.substring(literalStart, variable.start()))).append("([^/]+)");
            names.add(variable.group(1));
            literalStart = variable.end();
        }
        regex.append(Pattern.quote(uriTemplate.substring(literalStart)));
        Matcher matcher = Pattern.compile(regex.toString()).matcher(uri);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            values.put(names.get(i), matcher.group(i + 1));
        }
        return Optional.of(values);
    }

    ObjectNode toJson() {
        ObjectNode template = JsonNodeFactory.instance.objectNode();
        template.put("uriTemplate", uriTemplate);
        template.put("name", name);
        if (description != null) {
            template.put("description", description);
        }
        if (mimeType != null) {
            template.put("mimeType", mimeType);
        }
        return template;
    }
}
