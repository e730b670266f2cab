package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import routes.testing.GatewayHarness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's prompts, fetched through the gateway as a client would: they name tools as the client
 * sees them (prefixed), and an optional argument left out gives a whole sentence.
 */
class DemoPromptsTest {

    private static GatewayHarness gateway;
    private static McpHttpSession session;

    @BeforeAll
    static void startDemo() throws Exception {
        gateway = GatewayHarness.start(null);
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.get("/readyz").statusCode() == 200);
        session = McpHttpSession.open(gateway);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    private static List<String> texts(String prompt, String arguments) throws Exception {
        JsonNode answer = session.call("prompts/get", "{\"name\":\"" + prompt + "\",\"arguments\":" + arguments + "}");
        List<String> texts = new ArrayList<>();
        answer.path("result").path("messages").forEach(m -> texts.add(m.path("content").path("text").asText()));
        assertFalse(texts.isEmpty(), answer.toString());
        return texts;
    }

    private static List<String> advertisedTools() throws Exception {
        List<String> names = new ArrayList<>();
        session.call("tools/list", "{}").path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    @Test
    void planOutingNamesTheForecastToolAsClientsSeeIt() throws Exception {
        List<String> texts = texts("weather_plan_outing", "{\"city\":\"Lisbon\"}");
        assertTrue(texts.get(0).contains("weather_get_forecast"), texts.toString());
        assertTrue(advertisedTools().contains("weather_get_forecast"));
        // no activity given: no message about it, no dangling "if any: "
        assertEquals(1, texts.size(), texts.toString());
        List<String> cycling = texts("weather_plan_outing", "{\"city\":\"Lisbon\",\"activity\":\"cycling\"}");
        assertEquals(2, cycling.size(), cycling.toString());
        assertTrue(cycling.get(1).contains("cycling"), cycling.toString());
    }

    @Test
    void summarizeNotesWithoutAStyleIsAWholeSentence() throws Exception {
        assertEquals(List.of("Read the resource notes://all and summarize it."), texts("notes_summarize_notes", "{}"));
        assertEquals(List.of("Read the resource notes://all and summarize it as haiku."),
                texts("notes_summarize_notes", "{\"style\":\"haiku\"}"));
    }
}
