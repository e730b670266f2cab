package routes.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DefinitionModelTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "weather://forecast/{city}      | weather://forecast/Oslo       | city=Oslo",
            "weather://forecast/{city}      | weather://forecast/           | none",
            "weather://forecast/{city}      | weather://forecast/a/b        | none",
            "weather://forecast/{city}      | weather://forecastX/Oslo      | none",
            "repo://{owner}/{name}/readme   | repo://acme/tools/readme      | owner=acme;name=tools",
            "notes://note/{id}              | notes://note/12               | id=12",
            "a.b://{x}                      | aXb://1                       | none",
    })
    void templateMatchingBindsOneSegmentPerVariable(String template, String uri, String expected) {
        var definition = new ResourceTemplateDefinition(template, "t", null, null, values -> "", Map.of());
        Optional<Map<String, String>> actual = definition.match(uri);
        if (expected == null) {
            assertEquals(Optional.empty(), actual);
        } else {
            Map<String, String> values = new java.util.LinkedHashMap<>();
            for (String pair : expected.split(";")) {
                values.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            assertEquals(Optional.of(values), actual);
        }
    }

    @Test
    void sseFramingPrefixesEveryLineAndEndsEachEventWithABlankLine() {
        ObjectNode one = JsonNodeFactory.instance.objectNode().put("a", "line1\nline2");
        ObjectNode two = JsonNodeFactory.instance.objectNode().put("b", 2);
        assertEquals("event: message\ndata: {\"a\":\"line1\\nline2\"}\n\nevent: message\ndata: {\"b\":2}\n\n",
                SseFrames.of(List.of(one, two)));
    }

    @Test
    void builderRejectsDuplicateNamesPerKind() {
        var builder = McpServerDefinition.builder("s")
                .tool("search", null, InputSchema.empty(), args -> ToolResult.text(""))
                .prompt("search", null, List.of(), PromptDefinition.Message.user("same name, other kind is fine"));
        assertThrows(IllegalArgumentException.class,
                () -> builder.tool("search", null, InputSchema.empty(), args -> ToolResult.text("")));
        assertThrows(IllegalArgumentException.class, () -> builder.pageSize(-1));
    }

    @Test
    void inputSchemaListsRequiredArguments() {
        ObjectNode schema = InputSchema.object().string("city", "City", true).integer("days", "Days", false)
                .string("unit", "Unit", true).build();
        assertEquals("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"City\"},"
                + "\"days\":{\"type\":\"integer\",\"description\":\"Days\"},\"unit\":{\"type\":\"string\","
                + "\"description\":\"Unit\"}},\"required\":[\"city\",\"unit\"]}", schema.toString());
    }
}
