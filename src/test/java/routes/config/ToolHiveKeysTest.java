package routes.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import routes.config.ToolHiveKeys.Answer;
import routes.config.ToolHiveKeys.Key;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every row of {@link ToolHiveKeys#ALL} against the loader: a config that uses the key, and the
 * answer the registry gives. A refused key fails with exactly one problem, at the given path, with
 * the registry's message; an inert key loads and is listed with the registry's reason; an
 * implemented key loads and is not listed. A registry row without a config here fails the test.
 */
class ToolHiveKeysTest {

    private static final String STATIC = """
            name: gw
            backends:
              - {name: github, url: "https://github.example.com/mcp", transport: streamable-http}
            """;
    private static final String DYNAMIC = "name: gw\ngroupRef: team\n";

    /** Registry key → (the config that uses it, the path the loader reports it at; null when implemented). */
    private static final Map<String, Example> EXAMPLES = new HashMap<>();

    private record Example(String yaml, String path) {
    }

    private static void example(String key, String yaml, String path) {
        EXAMPLES.put(key, new Example(yaml, path));
    }

    static {
        example("name", STATIC, null);
        example("groupRef", STATIC + "groupRef: team\n", null);
        example("groupRef (without backends[])", DYNAMIC, "groupRef");
        example("backends[].name, url, transport", STATIC, null);
        example("backends[].caBundlePath", STATIC.replace("transport: streamable-http}",
                "transport: streamable-http, caBundlePath: \"\"}"), null);
        example("backends[].type", STATIC.replace("transport: streamable-http}", "transport: streamable-http, type: entry}"),
                "backends[].type");
        example("backends[].metadata", STATIC.replace("transport: streamable-http}",
                "transport: streamable-http, metadata: {team: a}}"), "backends[].metadata");
        example("incomingAuth.type: anonymous", STATIC + "incomingAuth: {type: anonymous}\n", null);
        example("incomingAuth.type: oidc", STATIC + """
                incomingAuth:
                  type: oidc
                  oidc: {issuer: "https://idp.example.com", clientId: gw, audience: gw}
                """, null);
        String oidc = STATIC + "incomingAuth:\n  type: oidc\n  oidc:\n    issuer: \"https://idp.example.com\"\n";
        example("incomingAuth.oidc.issuer", oidc, null);
        example("incomingAuth.oidc.audience", oidc + "    audience: gw\n", null);
        example("incomingAuth.oidc.resource", oidc + "    resource: \"https://gw.example.com/mcp\"\n", null);
        example("incomingAuth.oidc.jwksUrl", oidc + "    jwksUrl: \"https://idp.example.com/keys\"\n", null);
        example("incomingAuth.oidc.introspectionUrl", oidc + "    introspectionUrl: \"https://idp.example.com/introspect\"\n", null);
        example("incomingAuth.oidc.clientId, clientSecretEnv", oidc + "    clientId: gw\n    clientSecretEnv: VMCP_OIDC_CLIENT_SECRET\n", null);
        example("incomingAuth.oidc.scopes", oidc + "    scopes: [openid, \"mcp:tools\"]\n", null);
        example("incomingAuth.oidc.jwksAllowPrivateIp, protectedResourceAllowPrivateIp", oidc
                + "    jwksAllowPrivateIp: true\n    protectedResourceAllowPrivateIp: false\n", null);
        example("incomingAuth.oidc.insecureAllowHttp", STATIC
                + "incomingAuth: {type: oidc, oidc: {issuer: \"http://idp.local:8080\", insecureAllowHttp: true}}\n", null);
        example("incomingAuth.oidc.caBundlePath", oidc + "    caBundlePath: \"\"\n", null);
        example("incomingAuth.type: local", STATIC + "incomingAuth: {type: local}\n", "incomingAuth.type");
        example("incomingAuth.oidc (with type: anonymous)", STATIC + """
                incomingAuth: {type: anonymous, oidc: {issuer: "https://idp.example.com", audience: gw}}
                """, "incomingAuth.oidc");
        example("incomingAuth.authz.type: none", STATIC + "incomingAuth: {type: anonymous, authz: {type: none}}\n", null);
        example("incomingAuth.authz keys besides type (with type: none)", STATIC
                + "incomingAuth: {type: anonymous, authz: {type: none, policies: [\"permit(principal, action, resource);\"]}}\n",
                "incomingAuth.authz");
        example("incomingAuth.authz.type: cedar, policies, entitiesJson", STATIC
                + "incomingAuth: {type: anonymous, authz: {type: cedar, policies: [\"forbid(principal, action, resource);\"],"
                + " entitiesJson: '[]'}}\n", null);
        example("incomingAuth.authz.groupClaimName, roleClaimName, groupEntityType", STATIC
                + "incomingAuth: {type: anonymous, authz: {type: cedar, policies: [\"permit(principal in Team::\\\"a\\\", action,"
                + " resource);\"], groupClaimName: teams, roleClaimName: roles, groupEntityType: Team}}\n", null);
        example("incomingAuth.authz.primaryUpstreamProvider", STATIC
                + "incomingAuth: {type: anonymous, authz: {type: cedar, policies: [\"permit(principal, action, resource);\"],"
                + " primaryUpstreamProvider: github}}\n", "incomingAuth.authz.primaryUpstreamProvider");
        example("outgoingAuth.source: inline", STATIC + "outgoingAuth: {source: inline}\n", null);
        example("outgoingAuth.source: discovered", STATIC + "outgoingAuth: {source: discovered}\n", "outgoingAuth.source");
        example("outgoingAuth.default, outgoingAuth.backends.<name>", STATIC
                + "outgoingAuth: {default: {type: unauthenticated}, backends: {github: {type: unauthenticated}}}\n", null);
        example("outgoingAuth strategy type unauthenticated", STATIC + "outgoingAuth: {default: {type: unauthenticated}}\n", null);
        example("outgoingAuth strategy type header_injection", STATIC + """
                outgoingAuth:
                  default: {type: header_injection, headerInjection: {headerName: X-Api-Key, headerValueEnv: API_KEY}}
                """, null);
        example("outgoingAuth strategy type token_exchange", STATIC + """
                outgoingAuth:
                  backends:
                    github:
                      type: token_exchange
                      tokenExchange: {tokenUrl: "https://idp.example.com/token", clientId: gw, audience: github}
                """, null);
        example("outgoingAuth tokenExchange.subjectProviderName", STATIC + """
                outgoingAuth:
                  backends:
                    github:
                      type: token_exchange
                      tokenExchange: {tokenUrl: "https://idp.example.com/token", subjectProviderName: github}
                """, "outgoingAuth.backends.github.tokenExchange.subjectProviderName");
        example("outgoingAuth strategy type upstream_inject, aws_sts, xaa or obo", STATIC + """
                outgoingAuth:
                  backends:
                    github:
                      type: upstream_inject
                      upstreamInject: {providerName: github}
                """, "outgoingAuth.backends.github");
        example("aggregation.conflictResolution", STATIC + "aggregation: {conflictResolution: prefix}\n", null);
        example("aggregation.conflictResolutionConfig.prefixFormat, priorityOrder", STATIC + """
                aggregation:
                  conflictResolution: priority
                  conflictResolutionConfig: {prefixFormat: "{workload}.", priorityOrder: [github]}
                """, null);
        example("aggregation.tools[].workload, filter", STATIC + "aggregation: {tools: [{workload: github, filter: [a]}]}\n", null);
        example("aggregation.tools[].overrides.<tool>.name, description", STATIC
                + "aggregation: {tools: [{workload: github, overrides: {a: {name: b, description: B}}}]}\n", null);
        example("aggregation.tools[].overrides.<tool>.annotations", STATIC + """
                aggregation:
                  tools:
                    - workload: github
                      overrides:
                        a: {annotations: {title: A, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false}}
                """, null);
        example("aggregation.tools[].excludeAll", STATIC + "aggregation: {tools: [{workload: github, excludeAll: true}]}\n", null);
        example("aggregation.tools[].toolConfigRef", STATIC
                + "aggregation: {tools: [{workload: github, toolConfigRef: {name: gh-tools}}]}\n", "aggregation.tools[].toolConfigRef");
        example("aggregation.excludeAllTools", STATIC + "aggregation: {excludeAllTools: true}\n", null);
        example("aggregation.defaultToolVisibility", STATIC + "aggregation: {defaultToolVisibility: deny}\n", null);
        example("compositeTools (non-empty)", STATIC + "compositeTools: [{name: triage, steps: []}]\n", "compositeTools");
        example("compositeTools: []", STATIC + "compositeTools: []\n", "compositeTools");
        example("compositeToolRefs", STATIC + "compositeToolRefs: [{name: triage}]\n", "compositeToolRefs");
        example("operational.logLevel", STATIC + "operational: {logLevel: debug}\n", null);
        example("operational.timeouts.default, perWorkload", STATIC
                + "operational: {timeouts: {default: 1m0s, perWorkload: {github: 1h30m0s}}}\n", null);
        example("operational.failureHandling.healthCheckInterval, unhealthyThreshold, healthCheckTimeout", STATIC
                + "operational: {failureHandling: {healthCheckInterval: 1m0s, unhealthyThreshold: 0, healthCheckTimeout: 0s}}\n", null);
        example("operational.failureHandling.statusReportingInterval", STATIC
                + "operational: {failureHandling: {statusReportingInterval: 1m0s}}\n", null);
        example("operational.failureHandling.partialFailureMode", STATIC
                + "operational: {failureHandling: {partialFailureMode: best_effort}}\n", "operational.failureHandling.partialFailureMode");
        example("operational.failureHandling.circuitBreaker.enabled, failureThreshold, timeout", STATIC
                + "operational: {failureHandling: {circuitBreaker: {enabled: true, failureThreshold: 2, timeout: 1m0s}}}\n", null);
        example("metadata", STATIC + "metadata: {team: platform}\n", "metadata");
        example("telemetry.endpoint, serviceName, serviceVersion, tracingEnabled, metricsEnabled, samplingRate,"
                + " headers, insecure, environmentVariables, customAttributes, caCertPath", STATIC + """
                telemetry:
                  endpoint: otel-collector:4318
                  serviceName: gw
                  serviceVersion: "1"
                  tracingEnabled: true
                  metricsEnabled: true
                  samplingRate: "0.05"
                  headers: {x-api-key: k}
                  insecure: true
                  environmentVariables: [NODE_ENV]
                  customAttributes: {team: platform}
                  caCertPath: ""
                """, null);
        example("telemetry.enablePrometheusMetricsPath", STATIC + "telemetry: {enablePrometheusMetricsPath: true}\n", null);
        example("telemetry.prometheusPort", STATIC + "telemetry: {prometheusPort: 9464}\n", "telemetry.prometheusPort");
        example("telemetry.metricsOnTransportPort", STATIC + "telemetry: {metricsOnTransportPort: true}\n",
                "telemetry.metricsOnTransportPort");
        example("telemetry.useLegacyAttributes", STATIC + "telemetry: {useLegacyAttributes: true}\n", "telemetry.useLegacyAttributes");
        example("audit", STATIC + "audit: {enabled: false, component: gw, eventTypes: [mcp_tool_call], maxDataSize: 0}\n", null);
        example("audit.maxDelegationDepth", STATIC + "audit: {maxDelegationDepth: 5}\n", "audit.maxDelegationDepth");
        example("optimizer", STATIC + "optimizer: {embeddingService: \"http://tei:8080\"}\n", "optimizer");
        example("codeMode.enabled: true", STATIC + "codeMode: {enabled: true, stepLimit: 1000}\n", "codeMode.enabled");
        example("codeMode (enabled: false or left out)", STATIC + "codeMode: {toolCallTimeout: 30s}\n", "codeMode");
        example("sessionStorage.provider: memory", STATIC + "sessionStorage: {provider: memory}\n", null);
        example("sessionStorage.provider: redis", STATIC + "sessionStorage: {provider: redis, address: \"redis:6379\"}\n",
                "sessionStorage.provider");
        example("rateLimiting.shared, perUser, tools[].name, shared, perUser", STATIC + """
                rateLimiting:
                  shared: {maxTokens: 10, refillPeriod: 1m0s}
                  perUser: {maxTokens: 2, refillPeriod: 30s}
                  tools: [{name: search, shared: {maxTokens: 5, refillPeriod: 1m}, perUser: {maxTokens: 1, refillPeriod: 1h}}]
                """, null);
        example("passthroughHeaders", STATIC + "passthroughHeaders: [X-Tenant]\n", null);
    }

    static Stream<Arguments> registry() {
        return ToolHiveKeys.ALL.stream().map(k -> Arguments.of(k.key(), k));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registry")
    void theLoaderGivesTheRegistrysAnswer(String name, Key key) throws Exception {
        Example ex = EXAMPLES.get(key.key());
        assertTrue(ex != null, "no example config for registry key " + key.key());
        switch (key.answer()) {
            case REFUSED -> {
                ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(ex.yaml(), "gw.yaml"));
                String message = key.key().startsWith("outgoingAuth strategy")
                        ? key.detail().formatted("upstream_inject") : key.detail();
                assertEquals(List.of(ex.path() + ": " + message), e.problems());
            }
            case INERT -> {
                GatewayConfig c = ConfigLoader.parse(ex.yaml(), "gw.yaml");
                assertTrue(c.inertKeys().contains(new InertKey(ex.path(), key.detail())), c.inertKeys()::toString);
            }
            case IMPLEMENTED -> {
                GatewayConfig c = ConfigLoader.parse(ex.yaml(), "gw.yaml");
                assertEquals(List.of(), c.inertKeys());
            }
            default -> throw new IllegalStateException();
        }
    }

    @Test
    void everyExampleBelongsToARegistryKey() {
        Set<String> registry = ToolHiveKeys.ALL.stream().map(Key::key).collect(Collectors.toSet());
        assertEquals(Set.of(), new TreeSet<>(EXAMPLES.keySet().stream().filter(k -> !registry.contains(k)).toList()));
        assertEquals(ToolHiveKeys.ALL.size(), registry.size(), "registry keys are unique");
    }

    @Test
    void aRefusedSectionIsOneMessageAndTheRestOfTheFileIsStillChecked() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(STATIC + """
                optimizer: {embeddingService: "http://tei:8080"}
                codeMode: {enabled: true}
                operational: {timeouts: {default: soon}}
                """, "gw.yaml"));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.problems().stream().allMatch(p -> p.startsWith("optimizer: ") || p.startsWith("codeMode.enabled: ")
                || p.startsWith("operational.timeouts.default: ")), e.getMessage());
    }

    @Test
    void theInertLineListsEachKeyOnceWithItsReason() throws Exception {
        GatewayConfig c = ConfigLoader.parse("""
                name: gw
                backends:
                  - {name: a, url: "https://a.example.com/mcp", transport: sse, metadata: {x: "1"}}
                  - {name: b, url: "https://b.example.com/mcp", transport: sse, metadata: {x: "2"}}
                metadata: {team: platform}
                operational: {failureHandling: {partialFailureMode: fail}}
                """, "gw.yaml");
        assertEquals("config keys with no effect in Caravan: backends[].metadata (labels only),"
                + " operational.failureHandling.partialFailureMode (ToolHive validates it but does not use it),"
                + " metadata (labels only)", c.inertKeysLine().orElseThrow());
        assertEquals(Answer.INERT, ToolHiveKeys.METADATA.answer());
    }
}
