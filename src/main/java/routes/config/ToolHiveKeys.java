package routes.config;

import java.util.List;
import java.util.Locale;

/**
 * What Caravan does with each key of ToolHive's vMCP config ({@code pkg/vmcp/config/config.go}):
 * implemented; refused at load with one message that says what it is and that Caravan does not
 * support it yet; or accepted with no effect (inert), and then listed in one start-up line. The
 * loader takes its refusal messages and inert reasons from here and the README's table is checked
 * against {@link #ALL}, so what the loader does, what it says and what the README says cannot drift.
 *
 * <p>Why refuse rather than ignore: ignoring a section that secures the gateway (auth, authz, rate
 * limits, audit) or that changes what clients see (the optimizer, code mode, composite tools) would
 * leave a gateway that looks configured and is not. Keys that change nothing where Caravan runs are
 * inert: ToolHive's own runtime does not read them either, or they only describe.
 */
public final class ToolHiveKeys {

    /** The three answers a key can get. */
    public enum Answer {
        IMPLEMENTED, REFUSED, INERT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One row: a key (with the value it applies to, when the answer depends on it) and what
     * Caravan does with it. For a refused key the detail is the message the loader reports after
     * the key's path; for an inert key, the reason the start-up line gives.
     *
     * @param until the issue that changes the answer ("issue 14"), or empty
     */
    public record Key(String key, Answer answer, String detail, String until) {

        /** The answer as the README's table gives it: "refused until issue 14", "inert", ... */
        public String answerText() {
            if (answer == Answer.REFUSED && until.isEmpty()) {
                return "refused (no issue yet)";
            }
            return until.isEmpty() ? answer.label() : answer.label() + " until " + until;
        }
    }


    // ---- refused: the loader reports these, after the key's path
    static final Key INCOMING_LOCAL = refused("", "incomingAuth.type: local", "ToolHive's local type takes the"
            + " identity of the OS user running a desktop process; a gateway that remote clients call has no such user,"
            + " so Caravan does not offer it: use type: oidc, or incomingAuth.apiKeys");
    static final Key AUTHZ_UPSTREAM_PROVIDER = refused("", "incomingAuth.authz.primaryUpstreamProvider",
            "names an upstream identity provider's token kept by ToolHive's embedded authorization server, which"
            + " Caravan does not have; remove it (policies then see the claims of the caller's own token, as ToolHive's"
            + " do without it)");
    static final Key OUTGOING_STRATEGY = refused("", "outgoingAuth strategy type upstream_inject, aws_sts, xaa or obo",
            "ToolHive's %s strategy is not supported by Caravan; backends would be called without these credentials."
            + " Use unauthenticated, header_injection, token_exchange or client_credentials");
    static final Key SUBJECT_PROVIDER = refused("", "outgoingAuth tokenExchange.subjectProviderName", "names an upstream"
            + " provider of ToolHive's embedded authorization server, which Caravan does not have; remove it to exchange"
            + " the caller's own token");
    static final Key COMPOSITE_TOOLS = refused("", "compositeTools (non-empty)", "ToolHive's composite tools (multi-step"
            + " workflows) are not supported by Caravan yet; clients would not see these tools. Remove the section");
    static final Key OPTIMIZER = refused("", "optimizer", "ToolHive's tool optimizer (find_tool/call_tool) is not"
            + " supported by Caravan yet; remove the section");
    static final Key CODE_MODE_ON = refused("", "codeMode.enabled: true", "ToolHive's code mode (execute_tool_script) is"
            + " not supported by Caravan yet; remove the section or set enabled: false");
    static final Key REDIS_SESSIONS = refused("", "sessionStorage.provider: redis", "ToolHive's Redis session storage is"
            + " not supported by Caravan yet; sessions stay in each replica's memory. Use provider: memory (one"
            + " replica, or the Service's ClientIP session affinity)");

    // ---- inert: accepted, listed at start-up with this reason
    static final Key BACKEND_TYPE = inert("backends[].type", "marks an MCPServerEntry; Caravan treats every backend"
            + " alike");
    static final Key BACKEND_METADATA = inert("backends[].metadata", "labels only");
    static final Key OIDC_UNDER_ANONYMOUS = inert("incomingAuth.oidc (with type: anonymous)", "ToolHive ignores it"
            + " under type: anonymous");
    static final Key AUTHZ_NONE_EXTRAS = inert("incomingAuth.authz keys besides type (with type: none)",
            "type: none turns authorization off; the other keys are not read");
    static final Key TOOL_CONFIG_REF = inert("aggregation.tools[].toolConfigRef", "the operator resolves the"
            + " MCPToolConfig into filter and overrides; vMCP does not read it");
    static final Key COMPOSITE_TOOLS_EMPTY = inert("compositeTools: []", "empty");
    static final Key COMPOSITE_TOOL_REFS = inert("compositeToolRefs", "the operator inlines the referenced"
            + " definitions into compositeTools; vMCP does not read it");
    static final Key PARTIAL_FAILURE_MODE = inert("operational.failureHandling.partialFailureMode", "ToolHive"
            + " validates it but does not use it");
    static final Key METADATA = inert("metadata", "labels only");
    static final Key PROMETHEUS_PORT = inert("telemetry.prometheusPort", "vMCP never opens the separate diagnostics"
            + " port");
    static final Key METRICS_ON_TRANSPORT_PORT = inert("telemetry.metricsOnTransportPort", "vMCP serves /metrics on"
            + " its one port whenever enablePrometheusMetricsPath is true");
    static final Key LEGACY_ATTRIBUTES = inert("telemetry.useLegacyAttributes", "attribute names of ToolHive's"
            + " proxy; vMCP does not use it");
    static final Key CODE_MODE_OFF = inert("codeMode (enabled: false or left out)", "code mode is off");
    static final Key AUDIT_DELEGATION_DEPTH = inert("audit.maxDelegationDepth", "Caravan's audit events carry no"
            + " RFC 8693 delegation chain");

    /** Every row, in the order of ToolHive's config struct; the README's table lists exactly these. */
    public static final List<Key> ALL = List.of(
            implemented("name", "the virtual server's name (and telemetry's default service name)"),
            implemented("groupRef", "names the MCPGroup this gateway serves"),
            implemented("groupRef (without backends[])", "dynamic mode: the group's MCPServerEntries, MCPServers and"
                    + " MCPRemoteProxies are discovered from Kubernetes, live (caravan.kubernetes.*)"),
            implemented("backends[].name, url, transport", "static backends; transport streamable-http or sse"),
            implemented("backends[].caBundlePath", "extra PEM trust (on any backend; ToolHive only with type: entry)"),
            BACKEND_TYPE,
            BACKEND_METADATA,
            implemented("incomingAuth.type: anonymous", "no client authentication (the MCP port then binds to 127.0.0.1"
                    + " unless caravan.server.allow-anonymous-remote=true)"),
            implemented("incomingAuth.type: oidc", "Bearer tokens on /mcp: JWTs checked with Nimbus JOSE+JWT (signature"
                    + " by the JWKS, RS/PS/ES only, iss, aud, exp/nbf with 60 s skew), opaque tokens by introspection;"
                    + " 401 with WWW-Authenticate and RFC 9728 metadata"),
            implemented("incomingAuth.oidc.issuer", "the iss every token must carry; JWKS discovered from"
                    + " <issuer>/.well-known/openid-configuration unless jwksUrl is set"),
            implemented("incomingAuth.oidc.audience", "a JWT's aud must contain it"),
            implemented("incomingAuth.oidc.resource", "this gateway's RFC 8707 resource: in the metadata document and,"
                    + " without audience, required in aud; defaults to audience"),
            implemented("incomingAuth.oidc.jwksUrl", "where the signing keys are read (cached, re-read on an unknown"
                    + " kid at most every 10 s)"),
            implemented("incomingAuth.oidc.introspectionUrl", "RFC 7662 for tokens that are not JWTs, the answer cached"
                    + " up to 60 s"),
            implemented("incomingAuth.oidc.clientId, clientSecretEnv", "the gateway's credentials at the"
                    + " introspection endpoint (HTTP Basic); the secret is read from the named variable"),
            implemented("incomingAuth.oidc.scopes", "advertised as scopes_supported and in WWW-Authenticate's scope, as"
                    + " ToolHive does; not required of tokens"),
            implemented("incomingAuth.oidc.jwksAllowPrivateIp, protectedResourceAllowPrivateIp", "either one allows"
                    + " private and loopback addresses for discovery, JWKS and introspection (as in ToolHive)"),
            implemented("incomingAuth.oidc.insecureAllowHttp", "allows plain http OIDC URLs (development only)"),
            implemented("incomingAuth.oidc.caBundlePath", "extra PEM trust for the OIDC endpoints"),
            INCOMING_LOCAL,
            OIDC_UNDER_ANONYMOUS,
            implemented("incomingAuth.authz.type: none", "no authorization"),
            AUTHZ_NONE_EXTRAS,
            implemented("incomingAuth.authz.type: cedar, policies, entitiesJson", "ToolHive's Cedar model (cedar-java):"
                    + " Client::\"{sub}\" with claim_* attributes, Action::\"call_tool\"/\"get_prompt\"/\"read_resource\","
                    + " Tool/Prompt/Resource with arg_* and annotation hints; denied calls get 403, lists show only what"
                    + " is allowed"),
            implemented("incomingAuth.authz.groupClaimName, roleClaimName, groupEntityType", "the caller's groups"
                    + " and roles as parents of its principal (THVGroup::\"{group}\" by default); also read by"
                    + " Caravan's type: rules"),
            AUTHZ_UPSTREAM_PROVIDER,
            implemented("outgoingAuth.source: inline", "strategies from this file"),
            implemented("outgoingAuth.source: discovered", "the default, as in ToolHive; a workload's own"
                    + " MCPExternalAuthConfig (headerInjection, tokenExchange, unauthenticated) wins over backends and default"),
            implemented("outgoingAuth.default, outgoingAuth.backends.<name>", "the strategy per backend, else default"),
            implemented("outgoingAuth strategy type unauthenticated", "no credentials"),
            implemented("outgoingAuth strategy type header_injection", "headerName with headerValue or headerValueEnv"),
            implemented("outgoingAuth strategy type token_exchange", "RFC 8693: tokenExchange.tokenUrl, clientId,"
                    + " clientSecret or clientSecretEnv (or Caravan's clientSecretRef), audience, scopes, subjectTokenType"
                    + " (access_token, id_token, jwt or their URNs); the caller's bearer token is the subject token, the"
                    + " client authenticates with HTTP Basic; tokens are kept per caller and backend until shortly before"
                    + " they expire; probes and the catalog use client credentials when a secret is set, else none"),
            SUBJECT_PROVIDER,
            OUTGOING_STRATEGY,
            implemented("aggregation.conflictResolution", "prefix, priority or manual"),
            implemented("aggregation.conflictResolutionConfig.prefixFormat, priorityOrder", "as in ToolHive"),
            implemented("aggregation.tools[].workload, filter", "filter matches the names after overrides"),
            implemented("aggregation.tools[].overrides.<tool>.name, description", "renames before conflict resolution"),
            implemented("aggregation.tools[].overrides.<tool>.annotations", "title, readOnlyHint, destructiveHint,"
                    + " idempotentHint, openWorldHint over the backend's own, in tools/list"),
            implemented("aggregation.tools[].excludeAll", "the workload's tools are not advertised; a call to one is"
                    + " answered as for an unknown tool"),
            TOOL_CONFIG_REF,
            implemented("aggregation.excludeAllTools", "no backend tool is advertised"),
            implemented("aggregation.defaultToolVisibility", "allow (default) or deny: only backends with a tools[]"
                    + " entry advertise tools"),
            COMPOSITE_TOOLS,
            COMPOSITE_TOOLS_EMPTY,
            COMPOSITE_TOOL_REFS,
            implemented("operational.logLevel", "debug: debug logging, as the operator's --debug flag"),
            implemented("operational.timeouts.default, perWorkload", "bound each backend request (ToolHive validates"
                    + " them but does not use them)"),
            implemented("operational.failureHandling.healthCheckInterval, unhealthyThreshold, healthCheckTimeout",
                    "health probes; 0s means the default"),
            implemented("operational.failureHandling.statusReportingInterval", "default 30s; how often the"
                    + " VirtualMCPServer status is written under the operator (issue 12)"),
            PARTIAL_FAILURE_MODE,
            implemented("operational.failureHandling.circuitBreaker.enabled, failureThreshold, timeout", "as in ToolHive"),
            METADATA,
            implemented("telemetry.endpoint, serviceName, serviceVersion, tracingEnabled, metricsEnabled, samplingRate,"
                    + " headers, insecure, environmentVariables, customAttributes, caCertPath", "OpenTelemetry over OTLP/HTTP"),
            implemented("telemetry.enablePrometheusMetricsPath", "/metrics on the MCP port"),
            PROMETHEUS_PORT,
            METRICS_ON_TRANSPORT_PORT,
            LEGACY_ATTRIBUTES,
            implemented("audit", "one JSON line per MCP message (route audit): whenever the section is present,"
                    + " as in vMCP (enabled is not read); component, eventTypes, excludeEventTypes, includeRequestData,"
                    + " includeResponseData, detectApplicationErrors, maxDataSize, logFile"),
            AUDIT_DELEGATION_DEPTH,
            OPTIMIZER,
            CODE_MODE_ON,
            CODE_MODE_OFF,
            implemented("sessionStorage.provider: memory", "sessions in memory, as Caravan keeps them"),
            REDIS_SESSIONS,
            implemented("rateLimiting.shared, perUser, tools[].name, shared, perUser", "token buckets on tools/call"
                    + " (route rate-limit), in each replica's memory: no Redis, so a limit holds per replica"),
            implemented("passthroughHeaders", "the listed client request headers are copied to every backend call of"
                    + " that request; refused at load: restricted headers, Authorization, Cookie, the MCP protocol's"
                    + " own, and a name a static backend sets by headerForward (a discovered backend that sets one fails"
                    + " the calls that carry it)"));

    private ToolHiveKeys() {
    }

    private static Key implemented(String key, String detail) {
        return new Key(key, Answer.IMPLEMENTED, detail, "");
    }

    private static Key refused(String until, String key, String message) {
        return new Key(key, Answer.REFUSED, message, until);
    }

    private static Key inert(String key, String reason) {
        return inert("", key, reason);
    }

    private static Key inert(String until, String key, String reason) {
        return new Key(key, Answer.INERT, reason, until);
    }
}
