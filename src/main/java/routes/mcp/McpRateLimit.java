package routes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import routes.kernel.CallerIdentity;
import routes.kernel.StepGate;
import routes.protocol.Json;
import routes.ratelimit.RateLimiter;
import routes.ratelimit.RateLimits;

/**
 * Route {@code rate-limit}: takes a token for a {@code tools/call} before it is forwarded (after
 * authorization, so a refused call costs none), keyed by
 * the tool name the client called (the advertised one) and the caller's principal (issuer and
 * subject; every anonymous caller is the one principal "anonymous", so a per-user limit without
 * incoming auth is shared by all of them). Over the limit, the call ends with ToolHive's error:
 * JSON-RPC code 429 with {@code data.retryAfterSeconds}, sent as HTTP 429 with {@code Retry-After}.
 */
public final class McpRateLimit implements Processor, StepGate.Step {

    /** ToolHive's JSON-RPC code for a rate-limited call (it mirrors HTTP 429). */
    public static final int CODE = 429;

    private final RateLimits limits;

    public McpRateLimit(RateLimits limits) {
        this.limits = limits;
    }

    /** Only for a tools/call while limits are in force: ToolHive counts tool calls only, the other forwarded methods pass. */
    @Override
    public boolean hasWork(Exchange exchange) {
        return limits.active() && "tools/call".equals(exchange.getProperty(McpExchange.METHOD, String.class));
    }

    @Override
    public void process(Exchange exchange) {
        if (!hasWork(exchange)) {
            return;
        }
        JsonNode name = McpExchange.message(exchange).path("params").get("name");
        String tool = name != null && name.isTextual() ? name.textValue() : null;
        CallerIdentity caller = exchange.getProperty(CallerIdentity.PROPERTY, CallerIdentity.class);
        RateLimiter.Refusal refusal = limits.acquire(tool, caller == null ? "anonymous" : caller.principal());
        if (refusal == null) {
            return;
        }
        exchange.setProperty(McpExchange.RETRY_AFTER, refusal.retryAfterSeconds());
        ObjectNode data = Json.object().put("retryAfterSeconds", refusal.retryAfterSeconds())
                .put("scope", refusal.scope().label());
        if (refusal.tool() != null) {
            data.put("tool", refusal.tool());
        }
        String which = (refusal.scope() == RateLimiter.Scope.SHARED ? "the shared limit" : "your per-user limit")
                + (refusal.tool() == null ? "" : " of tool '" + refusal.tool() + "'");
        throw new McpException(CODE, "Rate limit exceeded: " + which + " is used up; retry in "
                + refusal.retryAfterSeconds() + " s", data);
    }
}
