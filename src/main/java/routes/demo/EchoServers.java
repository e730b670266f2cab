package routes.demo;

import java.util.Locale;

/**
 * The benchmark's backend definitions: a one-tool echo server, and servers with many generated
 * tools for catalog-size runs. Every tool echoes its {@code message}, so any of them can be
 * called; the generated schemas are the size of a typical real tool (two described arguments).
 */
public final class EchoServers {

    private EchoServers() {
    }

    public static McpServerDefinition echo() {
        return McpServerDefinition.builder("echo")
                .version("1.0.0")
                .tool("echo", "Echoes the message back unchanged.",
                        InputSchema.object().string("message", "Text to echo", true).build(),
                        args -> ToolResult.text(ToolDefinition.requireText(args, "message")))
                .build();
    }

    /** The name of the i-th generated server: gen-00, gen-01, ... */
    public static String generatedName(int index) {
        return String.format(Locale.ROOT, "gen-%02d", index);
    }

    public static McpServerDefinition generated(String name, int toolCount) {
        McpServerDefinition.Builder server = McpServerDefinition.builder(name).version("1.0.0");
        for (int t = 0; t < toolCount; t++) {
            String tool = String.format(Locale.ROOT, "tool_%03d", t);
            server.tool(tool, "Generated tool " + tool + " of " + name + ": echoes the message, for catalog-size runs.",
                    InputSchema.object()
                            .string("message", "Text to echo", true)
                            .integer("repeat", "How often to repeat it (ignored)", false)
                            .build(),
                    args -> ToolResult.text(ToolDefinition.requireText(args, "message")));
        }
        return server.build();
    }
}
