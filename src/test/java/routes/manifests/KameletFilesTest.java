package routes.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Caravan's Kamelets ({@code kamelets/}, issue 15) look like the Apache Camel catalog's: the file
 * named for the Kamelet, the type label and the annotations Camel K shows, a JSON-schema definition
 * whose every property has a title, a description and a type, secrets marked as the catalog marks
 * them, dependencies, and a template that uses only its properties (optional ones with defaults).
 */
class KameletFilesTest {

    private static final Path KAMELETS = Path.of("kamelets");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([A-Za-z0-9_.-]+)(?::[^}]*)?}}");

    static Stream<Path> kameletFiles() throws IOException {
        try (Stream<Path> files = Files.list(KAMELETS)) {
            return files.filter(p -> p.toString().endsWith(".kamelet.yaml")).sorted().toList().stream();
        }
    }

    @Test
    void theKameletsAreThere() throws IOException {
        assertEquals(Set.of("mcp-tool-action", "mcp-tool-sink", "mcp-notification-source", "mcp-header-forward-action",
                "mcp-secret-header-forward-action", "mcp-header-injection-action", "mcp-bearer-token-action",
                "mcp-client-credentials-action", "mcp-token-exchange-action"),
                kameletFiles().map(KameletFilesTest::nameOf).collect(Collectors.toSet()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kameletFiles")
    void eachKameletIsUniform(Path file) throws IOException {
        JsonNode k = YAML.readTree(file.toFile());
        String name = nameOf(file);
        assertEquals("camel.apache.org/v1", k.path("apiVersion").asText());
        assertEquals("Kamelet", k.path("kind").asText());
        assertEquals(name, k.at("/metadata/name").asText(), "file name = <name>.kamelet.yaml");
        String type = k.at("/metadata/labels/camel.apache.org~1kamelet.type").asText();
        assertTrue(name.endsWith("-" + type), name + " has type " + type);
        JsonNode annotations = k.at("/metadata/annotations");
        for (String a : List.of("camel.apache.org/kamelet.support.level", "camel.apache.org/provider",
                "camel.apache.org/kamelet.icon", "camel.apache.org/kamelet.group", "camel.apache.org/catalog.version")) {
            assertFalse(annotations.path(a).asText().isEmpty(), name + ": annotation " + a);
        }
        JsonNode def = k.at("/spec/definition");
        assertFalse(def.path("title").asText().isEmpty(), name);
        assertFalse(def.path("description").asText().isEmpty(), name);
        assertEquals("object", def.path("type").asText(), name);
        JsonNode props = def.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            String where = name + "." + p.getKey();
            assertFalse(p.getValue().path("title").asText().isEmpty(), where + " has a title");
            assertFalse(p.getValue().path("description").asText().isEmpty(), where + " has a description");
            assertTrue(Set.of("string", "integer", "boolean").contains(p.getValue().path("type").asText()), where);
            // the kamelet: endpoint takes these options itself: a property of that name never reaches the template
            assertFalse(Set.of("timeout", "block", "location", "routeId", "templateId", "failIfNoConsumers", "noErrorHandler",
                    "bridgeErrorHandler", "exchangePattern", "lazyStartProducer").contains(p.getKey()), where + " is a kamelet: option");
            if (p.getValue().path("format").asText().equals("password")) {
                assertEquals("urn:camel:group:credentials", p.getValue().at("/x-descriptors/0").asText(), where);
            }
        }
        Set<String> required = texts(def.path("required"));
        assertTrue(props.isObject() && required.stream().allMatch(props::has), name + ": required are properties");
        Set<String> deps = texts(k.at("/spec/dependencies"));
        assertTrue(deps.contains("camel:kamelet") && deps.contains("camel:core"), name + " " + deps);

        // every placeholder of the template is a property or a local bean; an optional property
        // used as {{x}} needs a default, or the route cannot be created without it
        JsonNode template = k.at("/spec/template");
        Set<String> beans = new HashSet<>();
        template.path("beans").forEach(b -> beans.add(b.path("name").asText()));
        Matcher m = PLACEHOLDER.matcher(YAML.writeValueAsString(template));
        while (m.find()) {
            String used = m.group(1);
            assertTrue(props.has(used) || beans.contains(used), name + ": {{" + used + "}} is no property");
            assertTrue(beans.contains(used) || required.contains(used) || props.path(used).has("default")
                    || m.group().startsWith("{{?"), name + ": optional " + used + " has no default");
        }
        String from = template.at("/from/uri").asText();
        assertEquals(type.equals("source"), !from.equals("kamelet:source"), name + " starts from " + from);
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String nameOf(Path kameletFile) {
        return kameletFile.getFileName().toString().replace(".kamelet.yaml", "");
    }
}
