package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.audit.AuditEntry;
import routes.audit.AuditLog;
import routes.kernel.BackendSpec;
import routes.kernel.CallerIdentity;
import routes.kernel.StepGate;

import java.util.concurrent.TimeUnit;

/**
 * Route {@code audit}, the last step of {@code mcp-message}: hands what the front door knows of the
 * answered message to the {@link AuditLog}. Reads only; never changes the reply and never fails
 * it. Does nothing when no audit section is in force.
 */
public final class McpAudit implements Processor, StepGate.Step {

    private static final Logger LOG = LoggerFactory.getLogger(McpAudit.class);
    /** platform-http-vertx's header with the client's socket address. */
    private static final String REMOTE_ADDRESS = "CamelVertxPlatformHttpRemoteAddress";

    private final AuditLog log;

    public McpAudit(AuditLog log) {
        this.log = log;
    }

    /** Only while an audit section is in force. */
    @Override
    public boolean hasWork(Exchange exchange) {
        return log.on();
    }

    @Override
    public void process(Exchange exchange) {
        if (!hasWork(exchange)) {
            return;
        }
        try {
            log.record(entry(exchange));
        } catch (RuntimeException e) {
            LOG.warn("An audit event could not be made: {}", e.toString());
        }
    }

    private static AuditEntry entry(Exchange exchange) {
        JsonNode request = exchange.getProperty(McpExchange.REQUEST, JsonNode.class);
        String method = exchange.getProperty(McpExchange.METHOD, String.class);
        McpSession session = McpExchange.session(exchange);
        JsonNode client = session == null ? null : session.clientInfo();
        BackendSpec backend = exchange.getProperty(McpBackendTarget.BACKEND, BackendSpec.class);
        Object remote = exchange.getMessage().getHeader(REMOTE_ADDRESS);
        return new AuditEntry(method == null ? "unknown" : method,
                exchange.getProperty(CallerIdentity.PROPERTY, CallerIdentity.class),
                session == null || session.stateless() ? null : session.id(),
                text(client, "name"), text(client, "version"),
                session == null ? null : session.protocolVersion(),
                remote instanceof io.vertx.core.net.SocketAddress a ? a.hostAddress() : null,
                exchange.getMessage().getHeader("User-Agent", String.class),
                target(request), backend == null ? null : backend.name(),
                request, exchange.getMessage().getBody(JsonNode.class),
                TimeUnit.MILLISECONDS.toNanos(exchange.getClock().elapsed()));
    }

    /** What the message names: a tool or prompt, a resource URI, or a completion's reference. */
    private static String target(JsonNode request) {
        if (request == null) {
            return null;
        }
        JsonNode params = request.path("params");
        JsonNode ref = params.path("ref");
        for (JsonNode v : new JsonNode[] {params.get("name"), params.get("uri"), ref.get("name"), ref.get("uri")}) {
            if (v != null && v.isTextual()) {
                return v.textValue();
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}
