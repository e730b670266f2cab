package routes.audit;

import com.fasterxml.jackson.databind.JsonNode;
import routes.kernel.CallerIdentity;

/**
 * What the front door knows of one answered MCP message, for its audit event.
 *
 * @param method          the JSON-RPC method ("response" for a client's answer to a server request)
 * @param caller          who sent it, as incoming-auth decided; null before that ran
 * @param sessionId       the client's session id, or null (2026-07-28 clients have none); only a hash of it is logged
 * @param clientName      clientInfo.name from initialize, or null
 * @param clientVersion   clientInfo.version from initialize, or null
 * @param protocolVersion the session's MCP revision, or null
 * @param remoteAddress   the client's address as the socket saw it, or null
 * @param userAgent       the client's User-Agent, or null
 * @param target          the tool or prompt name, or the resource URI, the message names; or null
 * @param backend         the backend it was forwarded to, or null
 * @param request         the client's JSON-RPC message
 * @param reply           the gateway's JSON-RPC reply, or null (a notification has none)
 * @param durationNanos   from the request's arrival to its reply
 */
public record AuditEntry(String method, CallerIdentity caller, String sessionId, String clientName, String clientVersion,
                         String protocolVersion, String remoteAddress, String userAgent, String target, String backend,
                         JsonNode request, JsonNode reply, long durationNanos) {
}
