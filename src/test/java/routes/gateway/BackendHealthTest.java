package routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import routes.protocol.Json;
import routes.testing.Fault;
import routes.testing.FixtureBackend;
import routes.testing.GatewayHarness;
import routes.testing.RecordedRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health probes against real MCP backends through the real gateway: a backend that stops,
 * throttles, slows down, refuses credentials or hangs, and what clients, listings and the
 * operational endpoints see meanwhile. Every state is read through {@link GatewayHealth}, which
 * asserts that /status, /api/backends/health and /readyz agree.
 */
class BackendHealthTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    private static String backend(FixtureBackend b) {
        return """
                  - name: %s
                    url: %s
                    transport: streamable-http
                """.formatted(b.name(), b.url());
    }

    private static String config(String failureHandling, FixtureBackend... backends) {
        StringBuilder yaml = new StringBuilder("name: health\nbackends:\n");
        for (FixtureBackend b : backends) {
            yaml.append(backend(b));
        }
        return yaml.append("operational:\n  timeouts:\n    default: 20s\n  failureHandling:\n")
                .append(failureHandling.indent(4)).toString();
    }

    private static McpSyncClient client(GatewayHarness gw, List<List<String>> announced) {
        return McpClient.sync(HttpClientStreamableHttpTransport.builder(gw.baseUrl()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(30))
                .toolsChangeConsumer(tools -> announced.add(tools.stream().map(McpSchema.Tool::name).sorted().toList()))
                .build();
    }

    private static List<String> tools(McpHttpSession s) throws Exception {
        List<String> names = new ArrayList<>();
        s.call("tools/list", null).path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    /** The text of a tools/call result, or of its error. */
    private static String callText(McpHttpSession s, String tool) throws Exception {
        JsonNode r = s.call("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":{}}");
        return r.has("error") ? "error: " + r.path("error").path("message").asText()
                : (r.path("result").path("isError").asBoolean() ? "isError: " : "")
                + r.path("result").path("content").path(0).path("text").asText();
    }

    private static void awaitPhase(GatewayHarness gw, String phase, String... forbidden) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> GatewayHealth.read(gw, forbidden).phase().equals(phase));
    }

    private static Instant lastProbe(JsonNode backend) {
        return Instant.parse(backend.path("lastProbe").asText());
    }

    @Test
    void aStoppedBackendIsWithheldWithinTheThresholdAndComesBack() throws Exception {
        Duration interval = Duration.ofMillis(1000);
        int threshold = 2;
        try (FixtureBackend a = FixtureBackend.builder("a").tools("work").start();
             FixtureBackend b = FixtureBackend.builder("b").tools("work").start();
             GatewayHarness gw = GatewayHarness.start(config("""
                     healthCheckInterval: 1000ms
                     healthCheckTimeout: 800ms
                     unhealthyThreshold: 2
                     """, a, b))) {
            awaitPhase(gw, "Ready");
            List<List<String>> announced = new CopyOnWriteArrayList<>();
            try (McpSyncClient client = client(gw, announced)) {
                client.initialize();
                assertEquals(List.of("a_work", "b_work"), client.listTools().tools().stream().map(McpSchema.Tool::name).sorted().toList());

                // the other backend is called all along and must never fail
                McpHttpSession other = McpHttpSession.open(gw);
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger calls = new AtomicInteger();
                List<String> otherFailures = new CopyOnWriteArrayList<>();
                Thread caller = new Thread(() -> {
                    while (running.get()) {
                        try {
                            String text = callText(other, "b_work");
                            calls.incrementAndGet();
                            if (!text.startsWith("b/work")) {
                                otherFailures.add(text);
                            }
                            Thread.sleep(50);
                        } catch (Exception e) {
                            otherFailures.add(e.toString());
                        }
                    }
                });
                caller.start();

                a.stop();
                List<JsonNode> seen = new ArrayList<>();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                    JsonNode view = GatewayHealth.read(gw).backend("a");
                    seen.add(view);
                    return view.path("health").asText().equals("unhealthy");
                });
                JsonNode flipped = seen.get(seen.size() - 1);
                assertFalse(flipped.path("routable").asBoolean());
                assertTrue(flipped.path("consecutiveFailures").asInt() >= threshold, flipped.toString());
                assertTrue(flipped.path("reason").asText().contains("connection refused"), flipped.toString());
                // anyone can read /status: the category and the reason, never where the backend is
                assertEquals("connection", flipped.path("last_error_category").asText(), flipped.toString());
                assertFalse(flipped.toString().contains("127.0.0.1") || flipped.toString().contains("http://"), flipped.toString());
                // below the threshold a failing backend keeps its status; the threshold-th failure
                // changes it, and failed probes are an interval apart (so: threshold x interval)
                JsonNode firstFailure = null;
                for (JsonNode v : seen) {
                    int failures = v.path("consecutiveFailures").asInt();
                    if (failures > 0 && failures < threshold) {
                        assertEquals("healthy", v.path("health").asText(), v.toString());
                        firstFailure = firstFailure == null ? v : firstFailure;
                    }
                }
                if (firstFailure != null) {
                    Duration between = Duration.between(lastProbe(firstFailure), lastProbe(flipped));
                    assertTrue(between.compareTo(interval.multipliedBy(flipped.path("consecutiveFailures").asInt() - 1L)) >= 0,
                            "failed probes came faster than the interval: " + between);
                }

                // its tools leave, clients hear list_changed, and a call is told why
                await().atMost(WAIT).until(() -> !announced.isEmpty() && announced.get(announced.size() - 1).equals(List.of("b_work")));
                assertEquals(List.of("b_work"), client.listTools().tools().stream().map(McpSchema.Tool::name).toList());
                McpSchema.CallToolResult refused = client.callTool(new McpSchema.CallToolRequest("a_work", Map.of()));
                assertTrue(refused.isError());
                String why = ((McpSchema.TextContent) refused.content().get(0)).text();
                assertTrue(why.startsWith("backend 'a' is unhealthy ("), why);
                GatewayHealth.View degraded = GatewayHealth.read(gw);
                assertEquals("Degraded", degraded.phase());
                assertTrue(degraded.ready());

                // back: routable again, listed again, announced again, callable again
                a.startServer();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                        .until(() -> GatewayHealth.read(gw).backend("a").path("routable").asBoolean());
                await().atMost(WAIT).until(() -> announced.get(announced.size() - 1).equals(List.of("a_work", "b_work")));
                McpSchema.CallToolResult ok = client.callTool(new McpSchema.CallToolRequest("a_work", Map.of()));
                assertFalse(Boolean.TRUE.equals(ok.isError()), ok.toString());
                awaitPhase(gw, "Ready");

                running.set(false);
                caller.join();
                assertEquals(List.of(), otherFailures);
                assertTrue(calls.get() > 0);

                // nothing routable: Failed, and /readyz says not ready
                a.stop();
                b.stop();
                awaitPhase(gw, "Failed");
                assertFalse(GatewayHealth.read(gw).ready());
            }
        }
    }

    /**
     * Probe sessions are those the gateway ended with DELETE; their requests by session id, the
     * sessions in the order they began (a session ended when its backend's config changed, the
     * catalog's for one, can be ended after a later probe's).
     */
    private static Map<String, List<RecordedRequest>> probeSessions(FixtureBackend b) {
        List<RecordedRequest> all = b.requests();
        java.util.Set<String> ended = new java.util.HashSet<>();
        for (RecordedRequest r : all) {
            if ("DELETE".equals(r.httpMethod())) {
                ended.add(r.header("mcp-session-id"));
            }
        }
        Map<String, List<RecordedRequest>> sessions = new LinkedHashMap<>();
        for (RecordedRequest r : all) {
            String id = r.header("mcp-session-id");
            if (ended.contains(id)) {
                sessions.computeIfAbsent(id, k -> new ArrayList<>()).add(r);
            }
        }
        return sessions;
    }

    @Test
    void probesCarryTheForwardedHeadersAndTheNextProbeCarriesAChangedValue() throws Exception {
        String secret = "hf-secret-4711";
        String urlToken = "qtok-998877";
        try (FixtureBackend hdr = FixtureBackend.builder("hdr").tools("work").start()) {
            String yaml = """
                    name: headers
                    backends:
                      - name: hdr
                        url: %s?token=%s
                        transport: streamable-http
                        headerForward:
                          addPlaintextHeaders:
                            X-Team: %s
                            X-Api-Key: %s
                    operational:
                      failureHandling: {healthCheckInterval: 500ms, healthCheckTimeout: 400ms}
                    """;
            try (GatewayHarness gw = GatewayHarness.start(yaml.formatted(hdr.url(), urlToken, "blue", secret))) {
                McpHttpSession s = McpHttpSession.open(gw);
                await().atMost(WAIT).until(() -> tools(s).contains("hdr_work"));
                assertTrue(callText(s, "hdr_work").startsWith("hdr/work"));
                String clientSession = hdr.lastRequest("tools/call").header("mcp-session-id");
                await().atMost(WAIT).until(() -> probeSessions(hdr).size() >= 3);

                // every probe: a fresh session of its own (initialize ... DELETE), never the client's
                Map<String, List<RecordedRequest>> probes = probeSessions(hdr);
                assertFalse(probes.containsKey(clientSession), "a probe ended the clients' session");
                for (List<RecordedRequest> probe : probes.values()) {
                    // the fixture advertises tools, resources and prompts: the probe lists each
                    assertEquals(List.of("notifications/initialized", "tools/list", "resources/list",
                            "resources/templates/list", "prompts/list", "DELETE"), probe.stream()
                            .map(r -> r.jsonRpcMethod() == null ? r.httpMethod() : r.jsonRpcMethod()).toList());
                    for (RecordedRequest r : probe) {
                        assertEquals("blue", r.header("x-team"), r.toString());
                        assertEquals(secret, r.header("x-api-key"), r.toString());
                    }
                }
                for (RecordedRequest init : hdr.requests("initialize")) {
                    assertEquals("blue", init.header("x-team"));
                }

                gw.rewriteConfig(yaml.formatted(hdr.url(), urlToken, "green", secret));
                await().atMost(WAIT).until(() -> probeSessions(hdr).values().stream()
                        .anyMatch(p -> "green".equals(p.get(0).header("x-team"))));
                await().atMost(WAIT).until(() -> probeSessions(hdr).values().stream()
                        .filter(p -> "green".equals(p.get(0).header("x-team"))).count() >= 2);
                // probes of one backend never overlap, so once one carries the new value all later ones do
                List<String> order = probeSessions(hdr).values().stream().map(p -> p.get(0).header("x-team")).toList();
                int firstGreen = order.indexOf("green");
                assertTrue(order.subList(firstGreen, order.size()).stream().allMatch("green"::equals), order.toString());
                for (List<RecordedRequest> probe : probeSessions(hdr).values()) {
                    probe.forEach(r -> assertEquals(probe.get(0).header("x-team"), r.header("x-team"), "one probe, one config"));
                }

                // the endpoints never show a header value or the URL's query, even in a failure reason
                hdr.stop();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() ->
                        GatewayHealth.read(gw, secret, urlToken).backend("hdr").path("reason").asText().contains("connection refused"));
                String metrics = gw.get(gw.managementUrl() + "/observe/metrics").body();
                assertFalse(metrics.contains(secret) || metrics.contains(urlToken) || metrics.contains("green"));
            }
        }
    }

    @Test
    void throttledAndSlowBackendsAreDegradedAndA401IsUnauthenticated() throws Exception {
        try (FixtureBackend fine = FixtureBackend.builder("fine").tools("work").start();
             FixtureBackend busy = FixtureBackend.builder("busy").tools("work").start();
             FixtureBackend slow = FixtureBackend.builder("slow").tools("work").start();
             FixtureBackend locked = FixtureBackend.builder("locked").tools("work").start();
             GatewayHarness gw = GatewayHarness.start(config("""
                     healthCheckInterval: 1000ms
                     healthCheckTimeout: 900ms
                     degradedThreshold: 200ms
                     unhealthyThreshold: 2
                     """, fine, busy, slow, locked))) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(WAIT).until(() -> tools(s).size() == 4);
            awaitPhase(gw, "Ready");

            busy.fault(Fault.status(429, "3"));
            slow.fault(Fault.hang(Duration.ofMillis(400)), "initialize");
            locked.fault(Fault.status(401));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                GatewayHealth.View v = GatewayHealth.read(gw);
                return v.statusOf("busy").equals("degraded") && v.backend("busy").path("reason").asText().contains("429")
                        && v.statusOf("slow").equals("degraded") && v.statusOf("locked").equals("unauthenticated");
            });
            GatewayHealth.View v = GatewayHealth.read(gw);
            assertEquals("Degraded", v.phase());
            assertTrue(v.ready());
            assertEquals("healthy", v.statusOf("fine"));
            assertTrue(v.backend("busy").path("routable").asBoolean());
            assertEquals(0, v.backend("busy").path("consecutiveFailures").asInt(), "429 is no failure");
            assertTrue(v.backend("slow").path("reason").asText().contains("slower than degradedThreshold (200ms)"), v.status().toString());
            assertTrue(v.backend("slow").path("latencyMs").asLong() > 200);
            assertFalse(v.backend("locked").path("routable").asBoolean());
            assertTrue(v.backend("locked").path("reason").asText().contains("HTTP 401 and the gateway has no outgoing auth"));

            // degraded backends stay listed; the unauthenticated one leaves and a call is told why
            await().atMost(WAIT).until(() -> tools(s).equals(List.of("busy_work", "fine_work", "slow_work")));
            assertEquals("isError: backend 'locked' is unauthenticated (answered HTTP 401 and the gateway has no outgoing auth "
                    + "configured for it); it gets no calls until a health probe succeeds", callText(s, "locked_work"));

            // the next probe of the throttled backend waits at least Retry-After, not the interval
            Instant first = lastProbe(GatewayHealth.read(gw).backend("busy"));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> !lastProbe(GatewayHealth.read(gw).backend("busy")).equals(first));
            JsonNode next = GatewayHealth.read(gw).backend("busy");
            assertTrue(Duration.between(first, lastProbe(next)).compareTo(Duration.ofSeconds(3)) >= 0,
                    "probed again after " + Duration.between(first, lastProbe(next)));
            assertEquals("degraded", next.path("health").asText());
            busy.heal();
            slow.heal();
            locked.heal();
        }
    }

    @Test
    void probesCarryTheAuthHeaderAndA401WithAuthConfiguredStaysRoutable() throws Exception {
        String token = "probe-auth-31337";
        try (FixtureBackend guarded = FixtureBackend.builder("guarded").tools("work").start();
             GatewayHarness gw = GatewayHarness.start(config("""
                     healthCheckInterval: 500ms
                     healthCheckTimeout: 400ms
                     unhealthyThreshold: 2
                     """, guarded) + """
                     outgoingAuth:
                       backends:
                         guarded:
                           type: header_injection
                           headerInjection: {headerName: X-Api-Key, headerValueEnv: GUARDED_TOKEN}
                     """, Map.of(), Map.of("GUARDED_TOKEN", token))) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(WAIT).until(() -> tools(s).contains("guarded_work"));
            await().atMost(WAIT).until(() -> probeSessions(guarded).size() >= 2);
            for (List<RecordedRequest> probe : probeSessions(guarded).values()) {
                probe.forEach(r -> assertEquals(token, r.header("x-api-key"), "every probe request carries the auth header"));
            }

            // 401 while the gateway sends credentials: the backend is reachable, the credentials are the question
            guarded.fault(Fault.status(401));
            int before = guarded.requests("initialize").size();
            await().atMost(WAIT).until(() -> guarded.requests("initialize").size() >= before + 3);
            GatewayHealth.View v = GatewayHealth.read(gw, token);
            assertTrue(v.backend("guarded").path("routable").asBoolean(), v.status().toString());
            assertEquals("healthy", v.statusOf("guarded"), v.status().toString());
            assertTrue(tools(s).contains("guarded_work"), "a routable backend stays listed");
            guarded.heal();
        }
    }

    @Test
    void aHangingBackendHoldsOnlyItsOwnProbeForOnlyTheProbeTimeout() throws Exception {
        Duration probeTimeout = Duration.ofMillis(1500);
        Duration backendTimeout = Duration.ofSeconds(20);
        try (FixtureBackend stuck = FixtureBackend.builder("stuck").tools("work").start();
             FixtureBackend quick = FixtureBackend.builder("quick").tools("work").start();
             GatewayHarness gw = GatewayHarness.start(config("""
                     healthCheckInterval: 3s
                     healthCheckTimeout: 1500ms
                     """, stuck, quick))) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(WAIT).until(() -> tools(s).size() == 2);
            awaitPhase(gw, "Ready");

            stuck.fault(Fault.hang(Duration.ofSeconds(60)));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() ->
                    GatewayHealth.read(gw).backend("stuck").path("reason").asText().contains("did not answer within 1500 ms"));
            JsonNode timedOut = GatewayHealth.read(gw).backend("stuck");
            long latency = timedOut.path("latencyMs").asLong();
            assertTrue(latency >= probeTimeout.toMillis() && latency < backendTimeout.toMillis(),
                    "the probe ended after " + latency + " ms: not at its own timeout");

            // while later probes hang, clients and the other backend are not kept waiting
            int before = stuck.requests("initialize").size();
            List<Duration> waits = new ArrayList<>();
            while (stuck.requests("initialize").size() < before + 2) {
                long t0 = System.nanoTime();
                McpHttpSession fresh = McpHttpSession.open(gw);
                waits.add(Duration.ofNanos(System.nanoTime() - t0));
                long t1 = System.nanoTime();
                String quickAnswer = callText(fresh, "quick_work");
                assertTrue(quickAnswer.startsWith("quick/work"), quickAnswer);
                assertTrue(tools(fresh).contains("quick_work"));
                waits.add(Duration.ofNanos(System.nanoTime() - t1));
                // ended, as a client leaving would: a loop of sessions left open hit the per-backend session cap
                fresh.end();
            }
            Duration longest = waits.stream().max(Duration::compareTo).orElseThrow();
            assertTrue(longest.compareTo(probeTimeout) < 0,
                    "a client waited " + longest.toMillis() + " ms, as long as a hanging probe");
            stuck.heal();
        }
    }

    @Test
    void realCallFailuresOpenTheCircuitAndATrialProbeClosesIt() throws Exception {
        try (FixtureBackend flaky = FixtureBackend.builder("flaky").tools("work").start();
             FixtureBackend steady = FixtureBackend.builder("steady").tools("work").start();
             GatewayHarness gw = GatewayHarness.start(config("""
                     healthCheckInterval: 5s
                     healthCheckTimeout: 2s
                     circuitBreaker: {enabled: true, failureThreshold: 2, timeout: 1s}
                     """, flaky, steady))) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(WAIT).until(() -> tools(s).size() == 2);
            awaitPhase(gw, "Ready");

            // probes still pass (only tools/call breaks), so only real traffic can open it
            flaky.fault(Fault.status(500), "tools/call");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
                callText(s, "flaky_work");
                return GatewayHealth.read(gw).backend("flaky").path("circuitBreaker").asText().equals("open");
            });
            JsonNode open = GatewayHealth.read(gw).backend("flaky");
            assertEquals("unhealthy", open.path("health").asText());
            assertEquals(0, open.path("consecutiveFailures").asInt(), "no probe failed");
            assertTrue(open.path("reason").asText().startsWith("circuit breaker open after 2 failure(s) in a row"), open.toString());
            JsonNode monitor = Json.MAPPER.readTree(gw.get("/api/backends/health").body()).path("backends").path("flaky");
            assertEquals("open", monitor.path("CircuitState").asText(), monitor.toString());
            assertFalse(monitor.path("CircuitLastChanged").isNull(), monitor.toString());

            int sent = flaky.requests("tools/call").size();
            assertTrue(callText(s, "flaky_work").startsWith("isError: backend 'flaky' is unhealthy (circuit breaker open"));
            assertEquals(sent, flaky.requests("tools/call").size(), "an open circuit sends nothing");
            assertTrue(callText(s, "steady_work").startsWith("steady/work"));
            await().atMost(WAIT).until(() -> tools(s).equals(List.of("steady_work")));

            // after the breaker timeout one trial probe runs (not after the 5s interval) and closes it
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() ->
                    GatewayHealth.read(gw).backend("flaky").path("circuitBreaker").asText().equals("closed"));
            assertTrue(GatewayHealth.read(gw).backend("flaky").path("routable").asBoolean());
            await().atMost(WAIT).until(() -> tools(s).equals(List.of("flaky_work", "steady_work")));
            flaky.heal();
        }
    }

    @Test
    void pingModeKeepsOneProbeSessionAndRenewsItAfterARestart() throws Exception {
        try (FixtureBackend p = FixtureBackend.builder("p").tools("work").start();
             GatewayHarness gw = GatewayHarness.start(config("""
                     healthCheckInterval: 300ms
                     healthCheckTimeout: 250ms
                     healthCheckMode: ping
                     unhealthyThreshold: 2
                     """, p))) {
            awaitPhase(gw, "Ready");
            await().atMost(WAIT).until(() -> p.requests("ping").size() >= 4);
            // one initialize for the catalog's session, one for the prober's: pings reuse it
            assertEquals(2, p.requests("initialize").size());
            assertEquals(1, p.requests("ping").stream().map(r -> r.header("mcp-session-id")).distinct().count());

            p.stop();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> GatewayHealth.read(gw).statusOf("p").equals("unhealthy"));
            p.startServer();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> GatewayHealth.read(gw).statusOf("p").equals("healthy"));
            assertTrue(p.requests("initialize").size() >= 3, "the restarted backend forgot the session: a new one was made");
        }
    }

    /** The value of the first sample of this metric whose labels include all of these. */
    private static Double sample(String metrics, String name, String... labels) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                boolean all = true;
                for (String label : labels) {
                    all &= line.contains(label);
                }
                if (all) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return null;
    }

    @Test
    void metricsOnTheManagementPortAndARemovedBackendLeavesAtOnce() throws Exception {
        try (FixtureBackend keep = FixtureBackend.builder("keep").tools("work").start();
             FixtureBackend gone = FixtureBackend.builder("gone").tools("work").start();
             GatewayHarness gw = GatewayHarness.start(config("""
                     healthCheckInterval: 300ms
                     healthCheckTimeout: 250ms
                     """, keep, gone))) {
            McpHttpSession s = McpHttpSession.open(gw);
            await().atMost(WAIT).until(() -> tools(s).size() == 2);
            awaitPhase(gw, "Ready");
            assertTrue(callText(s, "keep_work").startsWith("keep/work"));
            keep.faultNext(1, Fault.status(500), "tools/call");
            assertTrue(callText(s, "keep_work").startsWith("isError: "));

            String m = gw.get(gw.managementUrl() + "/observe/metrics").body();
            assertEquals(2.0, sample(m, "caravan_backend_requests_total", "backend=\"keep\"", "method=\"tools/call\""), m);
            assertEquals(1.0, sample(m, "caravan_backend_errors_total", "backend=\"keep\"", "method=\"tools/call\"", "kind=\"http\""));
            assertEquals(2.0, sample(m, "caravan_backend_request_duration_seconds_count", "backend=\"keep\"", "method=\"tools/call\""));
            assertNotNull(sample(m, "caravan_backend_request_duration_seconds_bucket", "backend=\"keep\"", "method=\"tools/call\"", "le=\"+Inf\""));
            assertEquals(1.0, sample(m, "caravan_backend_health", "backend=\"keep\"", "status=\"healthy\""));
            assertEquals(0.0, sample(m, "caravan_backend_health", "backend=\"keep\"", "status=\"unhealthy\""));
            assertTrue(sample(m, "caravan_health_probe_seconds_count", "backend=\"keep\"", "outcome=\"success\"") >= 1);
            assertNotNull(sample(m, "caravan_health_probe_seconds_bucket", "backend=\"gone\""));
            assertEquals(2.0, sample(m, "caravan_catalog_items", "kind=\"tools\""));
            assertTrue(sample(m, "caravan_sessions_active") >= 1);
            assertEquals(1.0, sample(m, "caravan_gateway_ready"));
            assertNotNull(sample(m, "camel_exchanges_total", "routeId=\"mcp-endpoint\""), "Camel's own route metrics");
            assertNotNull(sample(m, "camel_exchanges_total", "routeId=\"health-probe-backend\""), "the probe is a timed flow");
            assertNull(sample(m, "camel_exchanges_total", "routeId=\"backend-request\""), "timed by backend and method instead");
            assertNull(sample(m, "camel_exchanges_total", "routeId=\"backend-http\""), "a step of a timed flow is not timed again");
            assertNull(sample(m, "camel_exchanges_total", "routeId=\"mcp-message\""), "a step of a timed flow is not timed again");
            assertEquals(404, gw.get("/observe/metrics").statusCode(), "metrics stay off the public port");
            assertEquals(200, gw.get("/health").statusCode());

            // removed from the config: gone from the health state at once, and never probed again
            gw.rewriteConfig(config("healthCheckInterval: 300ms\nhealthCheckTimeout: 250ms\n", keep));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> GatewayHealth.read(gw).names().equals(List.of("keep")));
            Instant seen = lastProbe(GatewayHealth.read(gw).backend("keep"));
            await().atMost(WAIT).until(() -> lastProbe(GatewayHealth.read(gw).backend("keep")).isAfter(seen));
            int initializes = gone.requests("initialize").size();
            Instant later = lastProbe(GatewayHealth.read(gw).backend("keep"));
            await().atMost(WAIT).until(() -> lastProbe(GatewayHealth.read(gw).backend("keep")).isAfter(later));
            assertEquals(initializes, gone.requests("initialize").size(), "a removed backend was probed");
            String after = gw.get(gw.managementUrl() + "/observe/metrics").body();
            assertFalse(after.contains("backend=\"gone\""), "series of a removed backend remain");
        }
    }
}
