package routes.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One row per mistake a user can make: the config as written, and the fragment the error message
 * must contain (the entry, the field and what is allowed).
 */
class ConfigLoaderErrorsTest {

    private static final String ONE_BACKEND = """
            name: gw
            backends:
              - name: github
                url: https://github.example.com/mcp
                transport: streamable-http
            """;

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                row("unknown top-level field", ONE_BACKEND + "sessionTimeout: 30m\n",
                        "sessionTimeout: unknown field; allowed here: name, groupRef, backends"),
                row("missing name", """
                        backends:
                          - {name: github, url: "https://g.example.com", transport: sse}
                        """, "name: is required"),
                row("no backends and no groupRef", "name: gw\n",
                        "groupRef: is required when no backends are listed"),
                row("unknown backend field", """
                        name: gw
                        backends:
                          - {name: github, url: "https://g.example.com", transport: sse, timeout: 5s}
                        """, "backends[0] (name=github).timeout: unknown field; allowed here: name, url, transport"),
                row("unknown transport", """
                        name: gw
                        backends:
                          - {name: github, url: "https://g.example.com", transport: sse}
                          - {name: weather, url: "https://w.example.com", transport: grpc}
                        """, "backends[1] (name=weather).transport: 'grpc' is not a supported transport; allowed: streamable-http, sse"),
                row("missing transport", """
                        name: gw
                        backends:
                          - {name: github, url: "https://g.example.com"}
                        """, "backends[0] (name=github).transport: is required"),
                row("backends not a list", "name: gw\nbackends: github\n", "backends: must be a list, not a string"),
                row("backend not a map", "name: gw\nbackends: [github]\n", "backends[0]: must be a map with name, url and transport"),
                row("url without scheme", """
                        name: gw
                        backends:
                          - {name: github, url: "github.example.com/mcp", transport: sse}
                        """, "backends[0] (name=github).url: 'github.example.com/mcp' must be an http:// or https:// URL"),
                row("url with ftp scheme", """
                        name: gw
                        backends:
                          - {name: github, url: "ftp://g.example.com", transport: sse}
                        """, "must be an http:// or https:// URL"),
                row("url without host", """
                        name: gw
                        backends:
                          - {name: github, url: "http:///mcp", transport: sse}
                        """, "backends[0] (name=github).url: 'http:///mcp' has no host"),
                row("url with credentials", """
                        name: gw
                        backends:
                          - {name: github, url: "https://me:pw@g.example.com", transport: sse}
                        """, "url: must not contain credentials"),
                row("url not a URL", """
                        name: gw
                        backends:
                          - {name: github, url: "https://g example.com", transport: sse}
                        """, "url: 'https://g example.com' is not a valid URL"),
                row("duplicate backend names", ONE_BACKEND + """
                          - name: github
                            url: https://other.example.com/mcp
                            transport: sse
                        """, "backends[1] (name=github).name: duplicate backend name 'github', already used by backends[0]"),
                row("backend name with upper case", """
                        name: gw
                        backends:
                          - {name: GitHub, url: "https://g.example.com", transport: sse}
                        """, "backends[0] (name=GitHub).name: 'GitHub' is not a valid backend name; use lower-case letters"),
                row("backend name with underscore", """
                        name: gw
                        backends:
                          - {name: git_hub, url: "https://g.example.com", transport: sse}
                        """, "'git_hub' is not a valid backend name"),
                row("backend name too long", """
                        name: gw
                        backends:
                          - {name: %s, url: "https://g.example.com", transport: sse}
                        """.formatted("a".repeat(64)), "at most 63 characters"),
                row("wrong type for name", """
                        name: gw
                        backends:
                          - {name: 42, url: "https://g.example.com", transport: sse}
                        """, "backends[0].name: must be a string, not a number (quote it: \"42\")"),
                row("bad backend type", """
                        name: gw
                        backends:
                          - {name: github, url: "https://g.example.com", transport: sse, type: workload}
                        """, "backends[0] (name=github).type: 'workload' is not a backend type"),
                row("missing CA bundle file", """
                        name: gw
                        backends:
                          - {name: github, url: "https://g.example.com", transport: sse, caBundlePath: /nonexistent/ca.crt}
                        """, "caBundlePath: '/nonexistent/ca.crt' is not a readable file"),
                row("metadata value not a string", """
                        name: gw
                        backends:
                          - {name: github, url: "https://g.example.com", transport: sse, metadata: {replicas: 3}}
                        """, "backends[0] (name=github).metadata.replicas: must be a string, not a number (quote it: \"3\")"),
                row("headerForward unknown field", ONE_BACKEND + """
                            headerForward:
                              addHeaders: {X-A: b}
                        """, "backends[0] (name=github).headerForward.addHeaders: unknown field; allowed here: addPlaintextHeaders, addHeadersFromSecret"),
                row("plaintext header value not a string", ONE_BACKEND + """
                            headerForward:
                              addPlaintextHeaders: {X-Version: 2}
                        """, "addPlaintextHeaders.X-Version: must be a string, not a number"),
                row("secret header without ref", ONE_BACKEND + """
                            headerForward:
                              addHeadersFromSecret:
                                - headerName: X-Api-Key
                        """, "headerForward.addHeadersFromSecret[0] (headerName=X-Api-Key).valueSecretRef: is required"),
                row("secret ref without key", ONE_BACKEND + """
                            headerForward:
                              addHeadersFromSecret:
                                - headerName: X-Api-Key
                                  valueSecretRef: {name: gh-token}
                        """, "(headerName=X-Api-Key).valueSecretRef.key: is required"),
                row("secret ref with bad secret name", ONE_BACKEND + """
                            headerForward:
                              addHeadersFromSecret:
                                - headerName: X-Api-Key
                                  valueSecretRef: {name: GH_Token, key: token}
                        """, "valueSecretRef: Secret name \"GH_Token\" is not a valid Kubernetes Secret name"),
                row("unknown conflict strategy", ONE_BACKEND + """
                        aggregation:
                          conflictResolution: first
                        """, "aggregation.conflictResolution: 'first' is not a conflict resolution strategy; allowed: prefix, priority, manual"),
                row("priority without priorityOrder", ONE_BACKEND + """
                        aggregation:
                          conflictResolution: priority
                        """, "aggregation.conflictResolutionConfig.priorityOrder: is required and must list at least one backend"),
                row("priorityOrder names no backend", ONE_BACKEND + """
                        aggregation:
                          conflictResolution: priority
                          conflictResolutionConfig:
                            priorityOrder: [github, gitlab]
                        """, "aggregation.conflictResolutionConfig.priorityOrder[1]: 'gitlab' names no backend; known backends: github"),
                row("priorityOrder lists a backend twice", ONE_BACKEND + """
                        aggregation:
                          conflictResolution: priority
                          conflictResolutionConfig:
                            priorityOrder: [github, github]
                        """, "priorityOrder[1]: 'github' is already listed at priorityOrder[0]"),
                row("manual without tools", ONE_BACKEND + """
                        aggregation:
                          conflictResolution: manual
                        """, "aggregation.conflictResolution: 'manual' needs aggregation.tools with overrides"),
                row("empty prefixFormat", ONE_BACKEND + """
                        aggregation:
                          conflictResolutionConfig: {prefixFormat: ""}
                        """, "prefixFormat: must not be empty"),
                row("prefixFormat with invalid characters", ONE_BACKEND + """
                        aggregation:
                          conflictResolutionConfig: {prefixFormat: "{workload}/"}
                        """, "prefixFormat: '{workload}/' would make invalid tool names"),
                row("tools entry for an unknown workload", ONE_BACKEND + """
                        aggregation:
                          tools:
                            - workload: gitlab
                              filter: [search]
                        """, "aggregation.tools[0] (workload=gitlab).workload: 'gitlab' names no backend; known backends: github"),
                row("tools entry without workload", ONE_BACKEND + """
                        aggregation:
                          tools:
                            - filter: [search]
                        """, "aggregation.tools[0].workload: is required"),
                row("two tools entries for one workload", ONE_BACKEND + """
                        aggregation:
                          tools:
                            - {workload: github, filter: [search]}
                            - {workload: github, excludeAll: true}
                        """, "aggregation.tools[1] (workload=github).workload: 'github' already has an entry at aggregation.tools[0]"),
                row("filter not a list", ONE_BACKEND + """
                        aggregation:
                          tools:
                            - {workload: github, filter: search}
                        """, "aggregation.tools[0] (workload=github).filter: must be a list, not a string"),
                row("override that sets nothing", ONE_BACKEND + """
                        aggregation:
                          tools:
                            - workload: github
                              overrides:
                                search: {}
                        """, "overrides.search: sets nothing; give at least one of name, description or annotations"),
                row("override to an invalid tool name", ONE_BACKEND + """
                        aggregation:
                          tools:
                            - workload: github
                              overrides:
                                search: {name: "find code"}
                        """, "overrides.search.name: 'find code' is not a valid tool name"),
                row("two overrides to one name", ONE_BACKEND + """
                        aggregation:
                          tools:
                            - workload: github
                              overrides:
                                search: {name: find}
                                lookup: {name: find}
                        """, "overrides.lookup.name: 'find' is already the new name of 'search'"),
                row("annotation of the wrong type", ONE_BACKEND + """
                        aggregation:
                          tools:
                            - workload: github
                              overrides:
                                search: {annotations: {readOnlyHint: "yes"}}
                        """, "overrides.search.annotations.readOnlyHint: must be true or false, not a string"),
                row("unknown annotation", ONE_BACKEND + """
                        aggregation:
                          tools:
                            - workload: github
                              overrides:
                                search: {annotations: {safe: true}}
                        """, "annotations.safe: unknown field; allowed here: title, readOnlyHint"),
                row("toolConfigRef", ONE_BACKEND + """
                        aggregation:
                          tools:
                            - {workload: github, toolConfigRef: gh-tools}
                        """, "aggregation.tools[0] (workload=github).toolConfigRef: must be a map, not a string"),
                row("excludeAllTools not a boolean", ONE_BACKEND + """
                        aggregation:
                          excludeAllTools: "true"
                        """, "aggregation.excludeAllTools: must be true or false, not a string"),
                row("bad default timeout", ONE_BACKEND + """
                        operational:
                          timeouts: {default: 30}
                        """, "operational.timeouts.default: must be a duration such as \"500ms\""),
                row("timeout in ISO-8601", ONE_BACKEND + """
                        operational:
                          timeouts: {default: PT30S}
                        """, "operational.timeouts.default: 'PT30S' is not a duration such as"),
                row("zero timeout for one backend", ONE_BACKEND + """
                        operational:
                          timeouts: {perWorkload: {github: 0s}}
                        """, "operational.timeouts.perWorkload.github: must be longer than 0s"),
                row("perWorkload for an unknown backend", ONE_BACKEND + """
                        operational:
                          timeouts:
                            perWorkload: {gitlab: 10s}
                        """, "operational.timeouts.perWorkload.gitlab: 'gitlab' names no backend"),
                row("perWorkload with a bad duration", ONE_BACKEND + """
                        operational:
                          timeouts:
                            perWorkload: {github: 10 seconds}
                        """, "operational.timeouts.perWorkload.github: '10 seconds' is not a duration"),
                row("unhealthyThreshold negative", ONE_BACKEND + """
                        operational:
                          failureHandling: {unhealthyThreshold: -1}
                        """, "operational.failureHandling.unhealthyThreshold: must be at least 1, not -1"),
                row("probe timeout not shorter than interval", ONE_BACKEND + """
                        operational:
                          failureHandling: {healthCheckInterval: 10s, healthCheckTimeout: 10s}
                        """, "operational.failureHandling.healthCheckTimeout: 10s must be shorter than healthCheckInterval (10s)"),
                row("default probe timeout set explicitly beside a short interval", ONE_BACKEND + """
                        operational:
                          failureHandling: {healthCheckInterval: 2s, healthCheckTimeout: 10s}
                        """, "operational.failureHandling.healthCheckTimeout: 10s must be shorter than healthCheckInterval (2s)"),
                row("probe timeout as long as a short interval", ONE_BACKEND + """
                        operational:
                          failureHandling: {healthCheckInterval: 2s, healthCheckTimeout: 2s}
                        """, "operational.failureHandling.healthCheckTimeout: 2s must be shorter than healthCheckInterval (2s)"),
                row("degradedThreshold not shorter than the probe timeout", ONE_BACKEND + """
                        operational:
                          failureHandling: {healthCheckTimeout: 2s, degradedThreshold: 2s}
                        """, "operational.failureHandling.degradedThreshold: 2s must be shorter than healthCheckTimeout (2s)"),
                row("bad healthCheckMode", ONE_BACKEND + """
                        operational:
                          failureHandling: {healthCheckMode: tcp}
                        """, "operational.failureHandling.healthCheckMode: 'tcp' is not allowed; use initialize or ping"),
                row("bad partialFailureMode", ONE_BACKEND + """
                        operational:
                          failureHandling: {partialFailureMode: ignore}
                        """, "partialFailureMode: 'ignore' is not allowed; use fail or best_effort"),
                row("circuit breaker timeout too short", ONE_BACKEND + """
                        operational:
                          failureHandling:
                            circuitBreaker: {enabled: true, timeout: 500ms}
                        """, "circuitBreaker.timeout: 500ms is too short; use at least 1s"),
                row("bad logLevel", ONE_BACKEND + """
                        operational:
                          logLevel: trace
                        """, "operational.logLevel: 'trace' is not allowed"),
                row("oidc over plain http", ONE_BACKEND + """
                        incomingAuth:
                          type: oidc
                          oidc: {issuer: "http://idp.example.com", audience: gw}
                        """, "incomingAuth.oidc.issuer: 'http://idp.example.com' is plain http"),
                row("oidc without issuer or jwksUrl", ONE_BACKEND + """
                        incomingAuth: {type: oidc, oidc: {audience: gw}}
                        """, "incomingAuth.oidc: set issuer"),
                row("oidc type without its block", ONE_BACKEND + """
                        incomingAuth: {type: oidc}
                        """, "incomingAuth.oidc: is required with type: oidc"),
                row("oidc CA bundle missing", ONE_BACKEND + """
                        incomingAuth: {type: oidc, oidc: {issuer: "https://idp", caBundlePath: /nonexistent/ca.pem}}
                        """, "incomingAuth.oidc.caBundlePath: '/nonexistent/ca.pem' is not a readable file"),
                row("API key hash not sha256", ONE_BACKEND + """
                        incomingAuth: {apiKeys: [{subject: bot, hash: "md5:abc"}]}
                        """, "incomingAuth.apiKeys[0] (subject=bot).hash: must be \"sha256:\" and the 64 hex digits"),
                row("API key with two hash sources", ONE_BACKEND + """
                        incomingAuth: {apiKeys: [{subject: bot, hash: "sha256:%s", hashEnv: BOT_KEY_HASH}]}
                        """.formatted("a".repeat(64)), "incomingAuth.apiKeys[0] (subject=bot): set exactly one of hash"),
                row("required scopes of anonymous callers", ONE_BACKEND + """
                        incomingAuth: {type: anonymous, requiredScopes: [mcp]}
                        """, "incomingAuth.requiredScopes: needs authenticated callers"),
                row("API key written as itself", ONE_BACKEND + """
                        incomingAuth: {apiKeys: [{subject: bot, key: plain-secret}]}
                        """, "incomingAuth.apiKeys[0] (subject=bot).key: unknown field"),
                row("a Cedar policy that does not parse", ONE_BACKEND + """
                        incomingAuth:
                          type: anonymous
                          authz: {type: cedar, policies: ["permit(principal, action, resource);", "permit(principal,"]}
                        """, "incomingAuth.authz.policies[1]: not a valid Cedar policy"),
                row("token exchange without its block", ONE_BACKEND + """
                        outgoingAuth:
                          source: inline
                          backends:
                            github: {type: token_exchange}
                        """, "outgoingAuth.backends.github.tokenExchange: is required"),
                row("token exchange with a bad token type", ONE_BACKEND + """
                        outgoingAuth:
                          default: {type: token_exchange, tokenExchange: {tokenUrl: "https://idp.example.com/t", subjectTokenType: saml}}
                        """, "outgoingAuth.default.tokenExchange.subjectTokenType: 'saml' is not a token type"),
                row("token exchange without a URL", ONE_BACKEND + """
                        outgoingAuth:
                          default: {type: token_exchange, tokenExchange: {clientId: gw}}
                        """, "outgoingAuth.default.tokenExchange.tokenUrl: is required"),
                row("token exchange with a URL that is not http", ONE_BACKEND + """
                        outgoingAuth:
                          default: {type: token_exchange, tokenExchange: {tokenUrl: "ftp://idp/t"}}
                        """, "outgoingAuth.default.tokenExchange.tokenUrl: must be an http or https URL"),
                row("token exchange with a secret but no client id", ONE_BACKEND + """
                        outgoingAuth:
                          default: {type: token_exchange, tokenExchange: {tokenUrl: "https://idp/t", clientSecret: s}}
                        """, "outgoingAuth.default.tokenExchange.clientId: is required with a client secret"),
                row("token exchange with two secrets", ONE_BACKEND + """
                        outgoingAuth:
                          default: {type: token_exchange, tokenExchange: {tokenUrl: "https://idp/t", clientId: a, clientSecret: s, clientSecretEnv: S}}
                        """, "outgoingAuth.default.tokenExchange: set at most one of clientSecret, clientSecretEnv or clientSecretRef"),
                row("token exchange through ToolHive's embedded auth server", ONE_BACKEND + """
                        outgoingAuth:
                          default: {type: token_exchange, tokenExchange: {tokenUrl: "https://idp/t", subjectProviderName: gh}}
                        """, "outgoingAuth.default.tokenExchange.subjectProviderName: names an upstream provider of ToolHive's embedded"),
                row("client credentials without a secret", ONE_BACKEND + """
                        outgoingAuth:
                          default: {type: client_credentials, clientCredentials: {tokenUrl: "https://idp/t", clientId: gw}}
                        """, "outgoingAuth.default.clientCredentials: needs a client secret"),
                row("passthrough of the client's Authorization", ONE_BACKEND + """
                        passthroughHeaders: [X-Tenant, authorization]
                        """, "passthroughHeaders[1]: 'authorization' cannot be passed through: the client's credentials never reach"),
                row("passthrough of a cookie", ONE_BACKEND + """
                        passthroughHeaders: [Cookie]
                        """, "passthroughHeaders[0]: 'Cookie' cannot be passed through"),
                row("passthrough of a restricted header", ONE_BACKEND + """
                        passthroughHeaders: [X-Forwarded-For]
                        """, "passthroughHeaders[0]: header 'X-Forwarded-For' is restricted and cannot be forwarded"),
                row("passthrough of a header a backend forwards", """
                        name: gw
                        backends:
                          - name: github
                            url: https://github.example.com/mcp
                            transport: streamable-http
                            headerForward: {addPlaintextHeaders: {X-Tenant: acme}}
                        passthroughHeaders: [x-tenant]
                        """, "passthroughHeaders[0]: 'x-tenant' is also set by backend 'github' in its headerForward"),
                row("passthrough of the client's MCP session id", ONE_BACKEND + """
                        passthroughHeaders: [Mcp-Session-Id]
                        """, "passthroughHeaders[0]: 'Mcp-Session-Id' cannot be passed through: the gateway sets it for the MCP protocol"),
                row("passthrough of a mirrored tool parameter", ONE_BACKEND + """
                        passthroughHeaders: [Mcp-Param-Region]
                        """, "passthroughHeaders[0]: 'Mcp-Param-Region' cannot be passed through: the gateway sets it"),
                row("passthrough header listed twice", ONE_BACKEND + """
                        passthroughHeaders: [X-Tenant, x-tenant]
                        """, "passthroughHeaders[1]: 'x-tenant' is listed twice"),
                row("aws sts outgoing auth", ONE_BACKEND + """
                        outgoingAuth:
                          backends:
                            github: {type: aws_sts}
                        """, "outgoingAuth.backends.github: ToolHive's aws_sts strategy is not supported by Caravan"),
                row("header_injection without a value", ONE_BACKEND + """
                        outgoingAuth:
                          backends:
                            github: {type: header_injection, headerInjection: {headerName: X-Api-Key}}
                        """, "outgoingAuth.backends.github.headerInjection: set exactly one of headerValue, headerValueEnv or headerValueSecretRef"),
                row("header_injection with two values", ONE_BACKEND + """
                        outgoingAuth:
                          default: {type: header_injection, headerInjection: {headerName: X-Api-Key, headerValue: a, headerValueEnv: B}}
                        """, "outgoingAuth.default.headerInjection: set exactly one of headerValue, headerValueEnv or headerValueSecretRef"),
                row("header_injection without its block", ONE_BACKEND + """
                        outgoingAuth:
                          default: {type: header_injection}
                        """, "outgoingAuth.default.headerInjection: is required"),
                row("auth for an unknown backend", ONE_BACKEND + """
                        outgoingAuth:
                          backends:
                            gitlab: {type: unauthenticated}
                        """, "outgoingAuth.backends.gitlab: names no backend"),
                row("bad headerValueEnv", ONE_BACKEND + """
                        outgoingAuth:
                          default: {type: header_injection, headerInjection: {headerName: X-Api-Key, headerValueEnv: "1-bad"}}
                        """, "headerValueEnv: \"1-bad\" is not an environment variable name"),
                row("bad outgoing auth source", ONE_BACKEND + """
                        outgoingAuth: {source: magic}
                        """, "outgoingAuth.source: 'magic' is not allowed; use inline or discovered"),
                row("composite tools", ONE_BACKEND + """
                        compositeTools:
                          - {name: triage, steps: []}
                        """, "compositeTools: ToolHive's composite tools (multi-step workflows) are not supported by Caravan yet"),
                row("optimizer enabled", ONE_BACKEND + """
                        optimizer: {embeddingService: http://tei:8080}
                        """, "optimizer: ToolHive's tool optimizer (find_tool/call_tool) is not supported by Caravan yet"),
                row("unknown audit event type", ONE_BACKEND + """
                        audit: {eventTypes: [mcp_tool_call, tool_call]}
                        """, "audit.eventTypes[1]: 'tool_call' is not an audit event type"),
                row("negative audit maxDataSize", ONE_BACKEND + """
                        audit: {maxDataSize: -1}
                        """, "audit.maxDataSize: must be at least 0, not -1"),
                row("audit logFile in a missing directory", ONE_BACKEND + """
                        audit: {logFile: /nonexistent-dir/audit.log}
                        """, "audit.logFile: '/nonexistent-dir/audit.log' cannot be written (its directory does not exist"),
                row("audit logFile is a directory", ONE_BACKEND + """
                        audit: {logFile: /tmp}
                        """, "audit.logFile: '/tmp' is a directory"),
                row("rate limit without refillPeriod", ONE_BACKEND + """
                        rateLimiting: {perUser: {maxTokens: 2}}
                        """, "rateLimiting.perUser.refillPeriod: is required"),
                row("rate limit of zero tokens", ONE_BACKEND + """
                        rateLimiting: {shared: {maxTokens: 0, refillPeriod: 1m}}
                        """, "rateLimiting.shared.maxTokens: must be at least 1, not 0"),
                row("rate limit with a bad refillPeriod", ONE_BACKEND + """
                        rateLimiting: {shared: {maxTokens: 5, refillPeriod: 60}}
                        """, "rateLimiting.shared.refillPeriod: must be a duration such as"),
                row("rate limit of a tool twice", ONE_BACKEND + """
                        rateLimiting:
                          tools:
                            - {name: search, shared: {maxTokens: 5, refillPeriod: 1m}}
                            - {name: search, perUser: {maxTokens: 1, refillPeriod: 1m}}
                        """, "rateLimiting.tools[1] (name=search).name: 'search' is listed twice"),
                row("rate limit of a tool with no bucket", ONE_BACKEND + """
                        rateLimiting:
                          tools: [{name: search}]
                        """, "rateLimiting.tools[0] (name=search): limits nothing"),
                row("unknown outgoing strategy", ONE_BACKEND + """
                        outgoingAuth:
                          default: {type: oauth}
                        """, "outgoingAuth.default.type: 'oauth' is not an outgoing auth strategy"),
                row("bad defaultToolVisibility", ONE_BACKEND + """
                        aggregation: {defaultToolVisibility: hidden}
                        """, "aggregation.defaultToolVisibility: 'hidden' is not allowed; use allow"),
                row("deny with a priority backend that has no tools entry", ONE_BACKEND + """
                        aggregation:
                          conflictResolution: priority
                          conflictResolutionConfig: {priorityOrder: [github]}
                          defaultToolVisibility: deny
                        """, "aggregation.conflictResolutionConfig.priorityOrder[0]: 'github' has no aggregation.tools entry"),
                row("bad statusReportingInterval", ONE_BACKEND + """
                        operational:
                          failureHandling: {statusReportingInterval: 30}
                        """, "operational.failureHandling.statusReportingInterval: must be a duration such as"),
                row("negative duration", ONE_BACKEND + """
                        operational:
                          timeouts: {default: -5s}
                        """, "operational.timeouts.default: '-5s' is negative"),
                row("typo in an inert section", ONE_BACKEND + """
                        codeMode: {enable: true}
                        """, "codeMode.enable: unknown field; allowed here: enabled, stepLimit"),
                row("typo in oidc under anonymous", ONE_BACKEND + """
                        incomingAuth: {type: anonymous, oidc: {issuer: "https://idp", clientID: x}}
                        """, "incomingAuth.oidc.clientID: unknown field; allowed here: issuer, clientId"),
                row("unknown session storage provider", ONE_BACKEND + """
                        sessionStorage: {provider: etcd}
                        """, "sessionStorage.provider: 'etcd' is not a session storage provider; allowed: memory, redis"),
                row("duplicate key", """
                        name: gw
                        name: other
                        groupRef: g
                        """, "not valid YAML: Duplicate field 'name'"),
                row("YAML syntax error", "name: gw\nbackends: [\n", "line "),
                row("empty file", "", "the file is empty"),
                row("top level is a list", "- name: gw\n", "the top level must be a map of settings, not a list"));
    }

    private static Arguments row(String why, String yaml, String expectedFragment) {
        return Arguments.of(why, yaml, expectedFragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void rejectsWithAnActionableMessage(String why, String yaml, String expectedFragment) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gateway.yaml"));
        assertTrue(e.getMessage().startsWith("invalid gateway config gateway.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains(expectedFragment),
                () -> "expected \"" + expectedFragment + "\" in:\n" + e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void reportsEveryProblemOfTheFileAtOnce() {
        String yaml = """
                name: gw
                backends:
                  - {name: github, url: "ftp://g.example.com", transport: sse}
                  - {name: weather, url: "https://w.example.com", transport: grpc}
                aggregation:
                  conflictResolution: priority
                  conflictResolutionConfig: {priorityOrder: [gitlab]}
                operational:
                  timeouts: {default: soon}
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml"));
        assertEquals(4, e.problems().size(), e.getMessage());
        assertEquals("gw.yaml", e.source());
    }

    @org.junit.jupiter.api.Test
    void aBrokenBackendEntryDoesNotCascadeIntoMissingReferenceErrors() {
        String yaml = """
                name: gw
                backends:
                  - {name: github, url: "https://g.example.com", transport: grpc}
                aggregation:
                  conflictResolution: priority
                  conflictResolutionConfig: {priorityOrder: [github]}
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "gw.yaml"));
        assertEquals(1, e.problems().size(), e.getMessage());
    }
}
