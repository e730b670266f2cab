package routes.gateway;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import routes.testing.GatewayHarness;

import java.time.Duration;
import java.util.List;

/** The official MCP SDK client presenting a bearer token to the gateway, as an authenticated client does. */
final class BearerClients {

    private BearerClients() {
    }

    static McpSyncClient client(GatewayHarness gateway, String token) {
        return McpClient.sync(HttpClientStreamableHttpTransport.builder(gateway.baseUrl()).endpoint("/mcp")
                        .httpRequestCustomizer((request, method, uri, body, context) ->
                                request.header("Authorization", "Bearer " + token)).build())
                .requestTimeout(Duration.ofSeconds(15)).build();
    }

    /** The tool names this token's caller is listed, sorted; empty when the gateway does not answer it. */
    static List<String> toolNames(GatewayHarness gateway, String token) {
        try (McpSyncClient c = client(gateway, token)) {
            c.initialize();
            return c.listTools().tools().stream().map(McpSchema.Tool::name).sorted().toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
