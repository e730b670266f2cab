package routes.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The "notes" demo backend: an in-memory notebook. Its tool list is paged two at a time, so
 * a gateway in front of it must follow {@code nextCursor} to see every tool.
 */
public final class NotesDemo {

    /** Shared by all sessions of one server, like a real notebook; ids count up from 1. */
    private final Map<Integer, String[]> notes = new ConcurrentSkipListMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);

    /** The server as it names its own tools (run on its own, without a gateway in front). */
    public McpServerDefinition definition() {
        return definition(UnaryOperator.identity());
    }

    /**
     * @param toolName how a client calls one of this server's tools, by the server's own name for it:
     *                 through a gateway that prefixes names, the texts must say the prefixed name
     */
    public McpServerDefinition definition(UnaryOperator<String> toolName) {
        return McpServerDefinition.builder("notes")
                .version("1.0.0")
                .instructions("Demo notes server: add notes with " + toolName.apply("add_note") + ", read them from notes://all.")
                .pageSize(2)
                .tool("add_note", "Stores a note and returns its id.",
                        InputSchema.object()
                                .string("title", "Short title", true)
                                .string("text", "Body of the note", true).build(),
                        this::addNote)
                .tool("list_notes", "Lists the titles of all notes.", InputSchema.empty(),
                        args -> ToolResult.text(titles()))
                .tool("echo", "Echoes the message back, tagged with this server's name.",
                        InputSchema.object().string("message", "Text to echo", true).build(),
                        args -> ToolResult.text("notes echo: " + ToolDefinition.requireText(args, "message")))
                .resource("notes://all", "All notes", "text/markdown", this::allNotes)
                .resourceTemplate(new ResourceTemplateDefinition("notes://note/{id}", "One note",
                        "A single note by id", "text/markdown", values -> note(values.get("id")), Map.of()))
                .prompt("summarize_notes", "Summarize the notebook in a given style.",
                        List.of(PromptDefinition.Argument.optional("style", "e.g. bullet points")
                                .withCompletions("bullet points", "one paragraph", "haiku")),
                        PromptDefinition.Message.user("Read the resource notes://all and summarize it as {style}.")
                                .ifGiven("style", "Read the resource notes://all and summarize it."))
                .build();
    }

    private ToolResult addNote(JsonNode args) {
        String title = ToolDefinition.requireText(args, "title");
        String text = ToolDefinition.requireText(args, "text");
        int id = nextId.getAndIncrement();
        notes.put(id, new String[] {title, text});
        return ToolResult.text("added note " + id + ": " + title);
    }

    private String titles() {
        if (notes.isEmpty()) {
            return "no notes yet";
        }
        StringBuilder out = new StringBuilder();
        notes.forEach((id, note) -> out.append(out.length() == 0 ? "" : "\n").append(id).append(". ").append(note[0]));
        return out.toString();
    }

    private String allNotes() {
        StringBuilder out = new StringBuilder("# Notes\n");
        notes.forEach((id, note) -> out.append("\n## ").append(id).append(". ").append(note[0])
                .append("\n\n").append(note[1]).append('\n'));
        return out.toString();
    }

    private String note(String id) {
        try {
            String[] note = notes.get(Integer.parseInt(id));
            return note == null ? null : "# " + note[0] + "\n\n" + note[1] + "\n";
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
