package routes.kamelets;

import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.RecordedRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's own Kamelet locations: a {@code backend-request.yaml} dropped into the route
 * override folder puts a Kamelet of the Apache Camel catalog ({@code insert-header-action}) and
 * one of Caravan's ({@code mcp-header-forward-action}, from the jar's classpath:kamelets) into the
 * outbound pipeline, and a header-capturing backend sees both headers. A Kamelet file in the first
 * location ({@code camel.component.kamelet.location}) wins over the jar's of the same name.
 */
class GatewayKameletsTest {

    private static final String PIPELINE = """
            - route:
                id: backend-request
                from:
                  uri: "direct:backend-request"
                  steps:
                    - to: "direct:identity-propagation"
                    - to: "direct:header-forward"
                    - kamelet:
                        name: "insert-header-action?name=X-Catalog-Kamelet&value=${exchangeProperty.caravanPurpose}"
                    - kamelet:
                        name: "mcp-header-forward-action?headers=X-Caravan-Kamelet=forwarded"
                    - to: "direct:outgoing-auth"
                    - to: "direct:backend-http"
            """;

    /** A replacement of Caravan's Kamelet that sets a header of its own, to see which file was used. */
    private static final String REPLACED_KAMELET = """
            apiVersion: camel.apache.org/v1
            kind: Kamelet
            metadata:
              name: mcp-header-forward-action
              labels:
                camel.apache.org/kamelet.type: "action"
            spec:
              definition:
                title: "Replaced"
                description: "A site's own version"
                required: [headers]
                type: object
                properties:
                  headers: {title: Headers, description: ignored here, type: string}
              template:
                from:
                  uri: kamelet:source
                  steps:
                    - setHeader:
                        name: X-Caravan-Kamelet
                        constant: from-the-override-location
            """;

    @Test
    void catalogAndCaravanKameletsRunInTheOverriddenPipeline() throws Exception {
        Path overrides = Files.createTempDirectory("caravan-routes");
        Files.writeString(overrides.resolve("backend-request.yaml"), PIPELINE);
        try (FixtureBackend alpha = FixtureBackend.start("alpha");
             GatewayHarness gateway = start(alpha, overrides, Map.of())) {
            RecordedRequest list = await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> alpha.lastRequest("tools/list"),
                    r -> r != null);
            // the catalog fetch and the probes list tools: the header says which of them sent it
            assertTrue(alpha.requests("tools/list").stream().anyMatch(r -> "catalog".equals(r.header("X-Catalog-Kamelet"))),
                    "the catalog's Kamelet, with the pipeline's property");
            assertEquals("forwarded", list.header("X-Caravan-Kamelet"), "Caravan's Kamelet from the jar");
        } finally {
            Files.deleteIfExists(overrides.resolve("backend-request.yaml"));
            Files.deleteIfExists(overrides);
        }
    }

    @Test
    void theFirstKameletLocationWins() throws Exception {
        Path overrides = Files.createTempDirectory("caravan-routes");
        Path kamelets = Files.createTempDirectory("caravan-kamelets");
        Files.writeString(overrides.resolve("backend-request.yaml"), PIPELINE);
        Files.writeString(kamelets.resolve("mcp-header-forward-action.kamelet.yaml"), REPLACED_KAMELET);
        try (FixtureBackend alpha = FixtureBackend.start("alpha");
             GatewayHarness gateway = start(alpha, overrides,
                     Map.of("camel.component.kamelet.location", "file:" + kamelets + ",classpath:kamelets"))) {
            RecordedRequest list = await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> alpha.lastRequest("tools/list"),
                    r -> r != null);
            assertEquals("from-the-override-location", list.header("X-Caravan-Kamelet"));
            assertNotNull(list.header("X-Catalog-Kamelet"), "the other Kamelets still come from the jar");
        } finally {
            for (Path p : new Path[] {overrides.resolve("backend-request.yaml"), overrides,
                    kamelets.resolve("mcp-header-forward-action.kamelet.yaml"), kamelets}) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * camel-main prints every Kamelet parameter at start-up and masks only keys it knows as
     * sensitive: the Kamelets' secret properties are named so (secret, token, accessToken, clientSecret).
     */
    @Test
    void theGatewayPrintsNoKameletSecretAtStartUp() throws Exception {
        Path overrides = Files.createTempDirectory("caravan-routes");
        Files.writeString(overrides.resolve("secret-kamelets.yaml"), """
                - route:
                    id: secret-kamelets
                    from:
                      uri: "direct:secret-kamelets"
                      steps:
                        - kamelet: {name: "mcp-header-injection-action?name=X-A&secret=leak-one-5d1"}
                        - kamelet: {name: "mcp-secret-header-forward-action?name=X-B&secret=leak-two-5d2"}
                        - kamelet: {name: "mcp-bearer-token-action?token=leak-three-5d3"}
                        - kamelet: {name: "mcp-tool-action?url=http://127.0.0.1:1/mcp&toolName=t&accessToken=leak-four-5d4"}
                        - kamelet: {name: "mcp-client-credentials-action?tokenUrl=http://127.0.0.1:1/t&clientId=c&clientSecret=leak-six-5d6"}
                        - kamelet: {name: "mcp-token-exchange-action?tokenUrl=http://127.0.0.1:1/t&clientSecret=leak-seven-5d7"}
                - route:
                    id: secret-source
                    autoStartup: false
                    from:
                      uri: "kamelet:mcp-notification-source?url=http://127.0.0.1:1/mcp&accessToken=leak-five-5d5"
                      steps:
                        - to: "log:never"
                """);
        try (routes.testing.LogCapture logs = routes.testing.LogCapture.start();
             FixtureBackend alpha = FixtureBackend.start("alpha");
             GatewayHarness gateway = start(alpha, overrides, Map.of())) {
            for (String masked : java.util.List.of("] token = xxxxxx", "] secret = xxxxxx", "] accessToken = xxxxxx",
                    "] clientSecret = xxxxxx")) {
                org.junit.jupiter.api.Assertions.assertFalse(logs.linesContaining(masked).isEmpty(),
                        "camel-main printed the Kamelets' parameters, masked: " + masked);
            }
            assertEquals(java.util.List.of(), logs.linesContaining("leak-"));
        } finally {
            Files.deleteIfExists(overrides.resolve("secret-kamelets.yaml"));
            Files.deleteIfExists(overrides);
        }
    }

    private static GatewayHarness start(FixtureBackend alpha, Path overrides, Map<String, String> extra) throws Exception {
        Map<String, String> props = new java.util.HashMap<>(extra);
        props.put("caravan.routes.override-dir", overrides.toString());
        return GatewayHarness.start("""
                name: kamelets
                backends:
                  - name: alpha
                    url: %s
                    transport: streamable-http
                """.formatted(alpha.url()), props);
    }
}
