package routes.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import routes.config.RateLimitConfig.Bucket;
import routes.config.RateLimitConfig.ToolLimit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What rateLimiting and audit load into, with ToolHive's defaults. */
class RateLimitAndAuditSectionsTest {

    private static final String STATIC = """
            name: gw
            backends:
              - {name: github, url: "https://github.example.com/mcp", transport: streamable-http}
            """;

    @TempDir
    Path dir;

    @Test
    void rateLimitingLoadsItsBuckets() throws Exception {
        GatewayConfig c = ConfigLoader.parse(STATIC + """
                rateLimiting:
                  shared: {maxTokens: 100, refillPeriod: 1m0s}
                  perUser: {maxTokens: 2, refillPeriod: 1h30m}
                  tools:
                    - {name: github_search, global: {maxTokens: 5, refillPeriod: 10s}}
                    - {name: github_create, perUser: {maxTokens: 1, refillPeriod: 500ms}}
                """, "gw.yaml");
        RateLimitConfig r = c.rateLimiting();
        assertEquals(new Bucket(100, Duration.ofMinutes(1)), r.shared());
        assertEquals(new Bucket(2, Duration.ofMinutes(90)), r.perUser());
        assertEquals(List.of(new ToolLimit("github_search", new Bucket(5, Duration.ofSeconds(10)), null),
                new ToolLimit("github_create", null, new Bucket(1, Duration.ofMillis(500)))), r.tools());
        assertTrue(r.limits());
        assertFalse(ConfigLoader.parse(STATIC + "rateLimiting: {}\n", "gw.yaml").rateLimiting().limits());
        assertFalse(ConfigLoader.parse(STATIC, "gw.yaml").rateLimiting().limits());
    }

    @Test
    void auditTakesToolHivesDefaultsAndIsOnWheneverPresent() throws Exception {
        AuditConfig a = ConfigLoader.parse(STATIC + "audit: {enabled: false}\n", "gw.yaml").audit();
        assertTrue(a.on(), "vMCP audits whenever the section is present");
        assertEquals("gw", a.component(), "the gateway's name, as the operator sets the CR's");
        assertEquals(1024, a.maxDataSize());
        assertTrue(a.detectApplicationErrors());
        assertFalse(a.includeRequestData() || a.includeResponseData());
        assertEquals(null, a.logFile());
        assertFalse(ConfigLoader.parse(STATIC, "gw.yaml").audit().on());
    }

    @Test
    void auditReadsEveryKey() throws Exception {
        Path log = dir.resolve("audit.log");
        AuditConfig a = ConfigLoader.parse(STATIC + """
                audit:
                  component: vmcp-server
                  eventTypes: [mcp_initialize, mcp_tool_call]
                  excludeEventTypes: [mcp_ping]
                  includeRequestData: true
                  includeResponseData: true
                  detectApplicationErrors: false
                  maxDataSize: 10000
                  logFile: %s
                """.formatted(log), "gw.yaml").audit();
        assertEquals(new AuditConfig(true, "vmcp-server", List.of("mcp_initialize", "mcp_tool_call"), List.of("mcp_ping"),
                true, true, false, 10000, log.toString()), a);
        assertTrue(a.audits("mcp_tool_call"));
        assertFalse(a.audits("mcp_tools_list"));
        assertFalse(a.audits("mcp_ping"));
        assertFalse(java.nio.file.Files.exists(log), "loading a config creates nothing");
    }
}
