package routes.gateway;

import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code operational.logLevel: debug} turns on Caravan's debug logging; a reload without it turns it off. */
class OperationalLogLevelTest {

    private static boolean debugOn() {
        return LogManager.getLogger("routes.discovery.StaticDiscovery").isDebugEnabled();
    }

    @Test
    void debugFollowsTheConfig() throws Exception {
        try (FixtureBackend backend = FixtureBackend.start("red")) {
            String config = """
                    name: levels
                    backends:
                      - {name: red, url: "%s", transport: streamable-http}
                    """.formatted(backend.url());
            assertFalse(debugOn(), "INFO before the gateway starts (log4j2.properties)");
            try (GatewayHarness gw = GatewayHarness.start(config + "operational: {logLevel: debug}\n")) {
                assertTrue(debugOn());
                gw.rewriteConfig(config);
                await().atMost(Duration.ofSeconds(10)).until(() -> !debugOn());
            }
        }
    }
}
