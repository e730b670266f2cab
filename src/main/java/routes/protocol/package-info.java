/**
 * The wire: JSON-RPC 2.0 messages and error codes ({@link routes.protocol.JsonRpc}), the JSON
 * mapper ({@link routes.protocol.Json}), the SSE event reader ({@link routes.protocol.SseReader})
 * and the MCP protocol revisions ({@link routes.protocol.ProtocolVersions}). Used by the front
 * door and the backend client alike; depends on nothing of the gateway.
 */
package routes.protocol;
