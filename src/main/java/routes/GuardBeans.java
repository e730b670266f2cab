package routes;

import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import routes.audit.AuditLog;
import routes.config.AuditConfig;
import routes.config.GatewayConfig;
import routes.config.RateLimitConfig;
import routes.discovery.StaticDiscovery;
import routes.mcp.McpAudit;
import routes.mcp.McpRateLimit;
import routes.ratelimit.RateLimits;

/**
 * The steps that guard and record the front door's traffic: routes {@code rate-limit} and
 * {@code audit}. They follow the loaded config's {@code rateLimiting} and {@code audit} sections,
 * at start and at every reload.
 */
final class GuardBeans {

    private GuardBeans() {
    }

    static void bind(CamelContext camel, GatewayState s, CaravanProperties p) {
        RateLimits limits = new RateLimits(p.longValue("caravan.rate-limit.max-callers"), s.meters());
        AuditLog audit = new AuditLog();
        StaticDiscovery discovery = camel.getRegistry().lookupByNameAndType("staticDiscovery", StaticDiscovery.class);
        GatewayConfig config = discovery.current();
        boolean auditByDefault = Boolean.parseBoolean(p.text("caravan.audit.default", "false"));
        limits.apply(config == null ? RateLimitConfig.NONE : config.rateLimiting());
        audit.apply(auditOf(config, auditByDefault));
        discovery.onApplied(applied -> {
            limits.apply(applied.rateLimiting());
            audit.apply(auditOf(applied, auditByDefault));
        });
        camel.getRegistry().bind("mcpRateLimit", new McpRateLimit(limits));
        camel.getRegistry().bind("mcpAudit", new McpAudit(audit));
        camel.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext context) {
                audit.close();
            }
        });
    }

    /** The config's audit section; without one, ToolHive's defaults when serve was given --enable-audit. */
    private static AuditConfig auditOf(GatewayConfig config, boolean byDefault) {
        AuditConfig section = config == null ? AuditConfig.NONE : config.audit();
        return !section.on() && byDefault ? AuditConfig.defaults("vmcp-server") : section;
    }
}
