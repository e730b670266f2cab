package routes.telemetry;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the management port's /observe/metrics holds for three backends after some calls: every
 * histogram series has the same 15 fixed buckets (+Inf), and Camel's route timers none, so the
 * text grows by 16 lines per backend and method, not by a percentile histogram's 70.
 */
class HistogramSizeTest {

    @Test
    void everyHistogramHasFifteenFixedBucketsAndCamelsRouteTimersNone() throws Exception {
        List<FixtureBackend> backends = List.of(FixtureBackend.builder("a").tools("echo").start(),
                FixtureBackend.builder("b").tools("echo").start(), FixtureBackend.builder("c").tools("echo").start());
        try (GatewayHarness gateway = GatewayHarness.start("""
                name: three
                backends:
                  - {name: a, url: %s, transport: streamable-http}
                  - {name: b, url: %s, transport: streamable-http}
                  - {name: c, url: %s, transport: streamable-http}
                """.formatted(backends.get(0).url(), backends.get(1).url(), backends.get(2).url()))) {
            try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(gateway.baseUrl())
                    .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(15)).build()) {
                client.initialize();
                await().atMost(Duration.ofSeconds(15)).until(() -> client.listTools().tools().size() == 3);
                for (int i = 0; i < 10; i++) {
                    for (String tool : List.of("a_echo", "b_echo", "c_echo")) {
                        client.callTool(new McpSchema.CallToolRequest(tool, Map.of("text", "hi")));
                    }
                }
            }
            String text = gateway.get(gateway.managementUrl() + "/observe/metrics").body();
            Map<String, Integer> bucketsPerSeries = new TreeMap<>();
            for (String line : text.split("\n")) {
                if (!line.startsWith("#") && line.contains("_bucket{")) {
                    // the series without its le label
                    bucketsPerSeries.merge(line.substring(0, line.indexOf('}')).replaceAll(",?le=\"[^\"]*\"", ""), 1, Integer::sum);
                }
            }
            assertTrue(bucketsPerSeries.keySet().stream().anyMatch(s -> s.startsWith("caravan_backend_request_duration_seconds_bucket")));
            bucketsPerSeries.forEach((series, buckets) -> assertEquals(16, buckets, series));
            assertTrue(text.contains("camel_exchanges_total"), "Camel's route metrics are there");
            assertTrue(bucketsPerSeries.keySet().stream().noneMatch(s -> s.startsWith("camel")), "Camel's route timers have no buckets");
            System.out.printf("/observe/metrics for 3 backends: %d bucket lines in %d series%n",
                    bucketsPerSeries.values().stream().mapToInt(Integer::intValue).sum(), bucketsPerSeries.size());
        } finally {
            backends.forEach(FixtureBackend::close);
        }
    }
}
