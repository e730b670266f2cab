package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The peer gateway mcp-hub (npm {@code mcp-hub}), on the pinned Node 22, in front of one backend.
 * Its config is the {@code mcpServers} JSON it reads with {@code --config}; a server given by
 * {@code url} is reached over streamable HTTP (mcp-hub falls back to SSE only if that fails). Its
 * MCP front door is the legacy HTTP+SSE transport: {@code GET /mcp} opens the event stream,
 * {@code POST /messages?sessionId=...} carries the requests. It names a backend tool
 * {@code <server>__<tool>}. Ready means its REST API ({@code GET /api/health}) reports the hub
 * ready and the backend connected with its tools listed.
 */
final class McpHub {

    /** mcp-hub's separator between the server name and the tool name. */
    static final String SEPARATOR = "__";

    private McpHub() {
    }

    record Hub(Proc proc, URI sseUrl, String serverName) {

        /** The name under which mcp-hub lists a backend tool. */
        String tool(String backendTool) {
            return serverName + SEPARATOR + backendTool;
        }
    }

    /**
     * Starts mcp-hub with one server, {@code serverName} at {@code backendUrl}. Its state and
     * logs (it writes to XDG directories) go under {@code dir}.
     */
    static Hub start(Path node, Path packageDir, String serverName, URI backendUrl, Path dir)
            throws IOException, InterruptedException {
        Path home = dir.resolve("mcp-hub-home");
        Files.createDirectories(home);
        ObjectNode config = McpClient.JSON.createObjectNode();
        config.putObject("mcpServers").putObject(serverName).put("url", backendUrl.toString());
        Path configFile = dir.resolve("mcp-hub.json");
        McpClient.JSON.writerWithDefaultPrettyPrinter().writeValue(configFile.toFile(), config);
        int port = freePort();
        Proc p = Proc.start("mcp-hub", List.of(node.toString(), packageDir.resolve("dist/cli.js").toString(),
                        "--port", Integer.toString(port), "--config", configFile.toAbsolutePath().toString()),
                Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString(),
                        "XDG_CONFIG_HOME", home.resolve("config").toString(),
                        "XDG_DATA_HOME", home.resolve("data").toString(),
                        "XDG_CACHE_HOME", home.resolve("cache").toString()),
                dir.resolve("mcp-hub.log"));
        try {
            awaitReady(p, URI.create("http://" + Servers.HOST + ":" + port + "/api/health"), serverName, 60);
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.close();
            throw e;
        }
        return new Hub(p, URI.create("http://" + Servers.HOST + ":" + port + "/mcp"), serverName);
    }

    /** mcp-hub's version, from its package.json. */
    static String version(Path packageDir) {
        return Peers.packageVersion(packageDir);
    }

    private static void awaitReady(Proc p, URI health, String serverName, int timeoutSeconds)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode body = McpClient.JSON.readTree(r.body());
                for (JsonNode s : body.path("servers")) {
                    if (s.path("name").asText().equals(serverName)) {
                        last = "hub " + body.path("state").asText() + ", " + serverName + " " + s.path("status").asText()
                                + " with " + s.path("capabilities").path("tools").size() + " tools";
                        if (body.path("state").asText().equals("ready") && s.path("status").asText().equals("connected")
                                && s.path("capabilities").path("tools").size() > 0) {
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Ready.checkAlive(p);
            Thread.sleep(100);
        }
        throw new IOException("mcp-hub was not ready within " + timeoutSeconds + " s (last: " + last + "); log "
                + p.log + ":\n" + p.tail(30));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(Servers.HOST))) {
            return s.getLocalPort();
        }
    }
}
