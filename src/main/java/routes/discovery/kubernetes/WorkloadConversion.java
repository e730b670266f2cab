package routes.discovery.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import routes.config.BackendConfig;
import routes.config.HeaderForwardConfig;
import routes.config.Names;
import routes.kernel.AuthStrategy;
import routes.kernel.BackendSpec;
import routes.secrets.SecretRef;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns one workload resource into a backend, as ToolHive's vMCP does (its {@code workloads/k8s.go}):
 * MCPServer and MCPRemoteProxy are reached at {@code status.url} (the proxy the operator runs),
 * an MCPServerEntry at its own {@code spec.remoteUrl} with its {@code headerForward} and
 * {@code caBundleRef}; {@code externalAuthConfigRef} gives the outgoing auth. A workload that
 * cannot be used yet or at all comes back as {@link Skipped} with the reason, never as an
 * exception: one bad resource must not stop the others.
 */
public final class WorkloadConversion {

    /** What a resource became. */
    public sealed interface Result permits Backend, Skipped {
    }

    /**
     * @param config the backend as a config entry would give it
     * @param auth   the auth its MCPExternalAuthConfig says, or null to use the config's outgoingAuth
     */
    public record Backend(BackendConfig config, AuthStrategy auth) implements Result {
    }

    /** @param reason why it is not routed to; names fields, Secrets and ConfigMaps, never a value */
    public record Skipped(String reason) implements Result {
    }

    /** What conversion reads besides the resource itself. */
    public interface Lookups {
        /** The MCPExternalAuthConfig of that name in the namespace, or null. */
        JsonNode externalAuthConfig(String name);

        /**
         * The data of the ConfigMap of that name, or null when there is none.
         *
         * @throws RuntimeException when the API cannot tell right now
         */
        Map<String, String> configMapData(String name);
    }

    static final String DEFAULT_CA_KEY = "ca.crt";

    private WorkloadConversion() {
    }

    /**
     * @param resource the resource as JSON (what the watch and the lists give)
     * @param entryGate for an MCPServerEntry: null when it may be used, else why not (the
     *                  operator's {@code status.phase}, or Caravan's own validation)
     */
    public static Result convert(WorkloadKind kind, JsonNode resource, Lookups lookups,
                                 Function<JsonNode, String> entryGate) {
        String name = resource.path("metadata").path("name").asText("");
        if (!Names.isValidBackendName(name)) {
            return new Skipped("metadata.name " + Names.backendNameRule());
        }
        JsonNode spec = resource.path("spec");
        if (!spec.isObject()) {
            return new Skipped("spec is missing or not an object");
        }
        return switch (kind) {
            case MCP_SERVER_ENTRY -> entry(name, resource, spec, lookups, entryGate);
            case MCP_SERVER -> proxied(kind, name, resource, spec, lookups, serverTransport(spec));
            case MCP_REMOTE_PROXY -> proxied(kind, name, resource, spec, lookups, text(spec, "transport"));
            default -> new Skipped(kind.kind() + " is not a workload");
        };
    }

    /** The MCPGroup a workload belongs to, or "" when it names none. */
    public static String groupOf(JsonNode resource) {
        return resource.path("spec").path("groupRef").path("name").asText("");
    }

    private static Result entry(String name, JsonNode resource, JsonNode spec, Lookups lookups,
                                Function<JsonNode, String> entryGate) {
        String gate = entryGate.apply(resource);
        if (gate != null) {
            return new Skipped(gate);
        }
        URI url;
        try {
            url = url(text(spec, "remoteUrl"), "spec.remoteUrl");
        } catch (IllegalArgumentException e) {
            return new Skipped(e.getMessage());
        }
        BackendSpec.Transport transport;
        try {
            transport = transport(text(spec, "transport"), "spec.transport");
        } catch (IllegalArgumentException e) {
            return new Skipped(e.getMessage());
        }
        String caBundle = null;
        JsonNode caRef = spec.path("caBundleRef").path("configMapRef");
        if (!caRef.isMissingNode() && !caRef.isNull()) {
            String cm = text(caRef, "name");
            String key = text(caRef, "key");
            key = key == null || key.isEmpty() ? DEFAULT_CA_KEY : key;
            if (cm == null || cm.isEmpty()) {
                return new Skipped("spec.caBundleRef.configMapRef.name is missing");
            }
            Map<String, String> data = lookups.configMapData(cm);
            if (data == null) {
                return new Skipped("CA bundle ConfigMap " + cm + " (spec.caBundleRef) not found");
            }
            caBundle = data.get(key);
            if (caBundle == null || caBundle.isBlank()) {
                return new Skipped("CA bundle ConfigMap " + cm + " has no key " + key + " (spec.caBundleRef)");
            }
        }
        HeaderForwardConfig headers;
        try {
            headers = headerForward(spec.path("headerForward"));
        } catch (IllegalArgumentException e) {
            return new Skipped(e.getMessage());
        }
        return withAuth(name, spec, lookups, new BackendConfig(name, url, transport, null, "entry",
                Map.of("workload_type", "MCPServerEntry"), headers, caBundle));
    }

    private static Result proxied(WorkloadKind kind, String name, JsonNode resource, JsonNode spec, Lookups lookups,
                                  String transportName) {
        String statusUrl = text(resource.path("status"), "url");
        if (statusUrl == null || statusUrl.isEmpty()) {
            return new Skipped(kind.kind() + " has no status.url yet (its proxy is not exposed)");
        }
        URI url;
        BackendSpec.Transport transport;
        try {
            url = url(statusUrl, "status.url");
            transport = transport(transportName, kind == WorkloadKind.MCP_SERVER ? "spec.transport/spec.proxyMode" : "spec.transport");
        } catch (IllegalArgumentException e) {
            return new Skipped(e.getMessage());
        }
        return withAuth(name, spec, lookups, new BackendConfig(name, url, transport, null, "",
                Map.of("workload_type", kind.kind()), HeaderForwardConfig.NONE, null));
    }

    /** A stdio server is reached through its proxy, which speaks {@code proxyMode}. */
    private static String serverTransport(JsonNode spec) {
        String transport = text(spec, "transport");
        if (transport == null || transport.isEmpty() || transport.equals("stdio")) {
            String mode = text(spec, "proxyMode");
            return mode == null || mode.isEmpty() ? "streamable-http" : mode;
        }
        return transport;
    }

    private static Result withAuth(String name, JsonNode spec, Lookups lookups, BackendConfig config) {
        JsonNode ref = spec.path("externalAuthConfigRef");
        if (ref.isMissingNode() || ref.isNull()) {
            return new Backend(config, null);
        }
        String authName = text(ref, "name");
        if (authName == null || authName.isEmpty()) {
            return new Skipped("spec.externalAuthConfigRef.name is missing");
        }
        JsonNode auth = lookups.externalAuthConfig(authName);
        if (auth == null) {
            return new Skipped("MCPExternalAuthConfig " + authName + " (spec.externalAuthConfigRef) not found");
        }
        String type = text(auth.path("spec"), "type");
        if ("unauthenticated".equals(type)) {
            return new Backend(config, AuthStrategy.UNAUTHENTICATED);
        }
        if ("headerInjection".equals(type)) {
            JsonNode h = auth.path("spec").path("headerInjection");
            String header = text(h, "headerName");
            JsonNode secret = h.path("valueSecretRef");
            if (header == null || header.isEmpty()) {
                return new Skipped("MCPExternalAuthConfig " + authName + ": spec.headerInjection.headerName is missing");
            }
            if (!secret.isObject()) {
                return new Skipped("MCPExternalAuthConfig " + authName + ": spec.headerInjection.valueSecretRef is missing");
            }
            try {
                return new Backend(config, new AuthStrategy.HeaderInjection(header, null,
                        new SecretRef.Key(text(secret, "name"), text(secret, "key"))));
            } catch (IllegalArgumentException e) {
                return new Skipped("MCPExternalAuthConfig " + authName + ": spec.headerInjection.valueSecretRef: " + e.getMessage());
            }
        }
        if ("tokenExchange".equals(type)) {
            return tokenExchange(authName, auth.path("spec").path("tokenExchange"), config);
        }
        return new Skipped("MCPExternalAuthConfig " + authName + " has type " + (type == null ? "(none)" : "'" + type + "'")
                + ", which Caravan does not support (it supports headerInjection, tokenExchange and unauthenticated)");
    }

    /**
     * ToolHive's converter: tokenUrl, clientId, the client secret from clientSecretRef (read from the
     * Secret on each fetch), audience, scopes, subjectTokenType (short forms or URNs).
     * externalTokenHeaderName is not mapped by ToolHive either; subjectProviderName needs ToolHive's
     * embedded authorization server, so such a workload is left out with that reason.
     */
    private static Result tokenExchange(String authName, JsonNode t, BackendConfig config) {
        String where = "MCPExternalAuthConfig " + authName + ": spec.tokenExchange";
        if (!t.isObject()) {
            return new Skipped(where + " is missing");
        }
        String provider = text(t, "subjectProviderName");
        if (provider != null && !provider.isEmpty()) {
            return new Skipped(where + ".subjectProviderName names an upstream provider of ToolHive's embedded"
                    + " authorization server, which Caravan does not have");
        }
        String url = text(t, "tokenUrl");
        URI tokenUrl;
        try {
            tokenUrl = url == null ? null : new URI(url);
        } catch (URISyntaxException e) {
            tokenUrl = null;
        }
        if (tokenUrl == null || tokenUrl.getHost() == null
                || !("https".equals(tokenUrl.getScheme()) || "http".equals(tokenUrl.getScheme()))) {
            return new Skipped(where + ".tokenUrl is missing or not an http(s) URL");
        }
        String tokenType = AuthStrategy.TokenExchange.tokenTypeUrn(text(t, "subjectTokenType"));
        if (tokenType == null) {
            return new Skipped(where + ".subjectTokenType '" + text(t, "subjectTokenType")
                    + "' is not access_token, id_token or jwt");
        }
        String clientId = text(t, "clientId");
        JsonNode secretRef = t.path("clientSecretRef");
        AuthStrategy.OAuthClient client = null;
        try {
            if (secretRef.isObject()) {
                if (clientId == null || clientId.isEmpty()) {
                    return new Skipped(where + ".clientSecretRef is set without clientId");
                }
                client = new AuthStrategy.OAuthClient(clientId, null, new SecretRef.Key(text(secretRef, "name"),
                        text(secretRef, "key")));
            } else if (clientId != null && !clientId.isEmpty()) {
                client = new AuthStrategy.OAuthClient(clientId, null, null);
            }
        } catch (IllegalArgumentException e) {
            return new Skipped(where + ".clientSecretRef: " + e.getMessage());
        }
        List<String> scopes = new ArrayList<>();
        t.path("scopes").forEach(s -> scopes.add(s.asText()));
        String audience = text(t, "audience");
        return new Backend(config, new AuthStrategy.TokenExchange(tokenUrl, client,
                audience == null || audience.isEmpty() ? null : audience, scopes, tokenType));
    }

    private static HeaderForwardConfig headerForward(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return HeaderForwardConfig.NONE;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("spec.headerForward must be an object");
        }
        Map<String, String> plain = new LinkedHashMap<>();
        JsonNode literal = node.path("addPlaintextHeaders");
        if (!literal.isMissingNode() && !literal.isNull()) {
            if (!literal.isObject()) {
                throw new IllegalArgumentException("spec.headerForward.addPlaintextHeaders must be a map of header name to value");
            }
            literal.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    throw new IllegalArgumentException("spec.headerForward.addPlaintextHeaders." + e.getKey() + " must be a string");
                }
                plain.put(e.getKey(), e.getValue().asText());
            });
        }
        List<HeaderForwardConfig.SecretHeader> secret = new ArrayList<>();
        JsonNode fromSecret = node.path("addHeadersFromSecret");
        if (!fromSecret.isMissingNode() && !fromSecret.isNull()) {
            if (!fromSecret.isArray()) {
                throw new IllegalArgumentException("spec.headerForward.addHeadersFromSecret must be a list");
            }
            for (int i = 0; i < fromSecret.size(); i++) {
                JsonNode h = fromSecret.get(i);
                String where = "spec.headerForward.addHeadersFromSecret[" + i + "]";
                String header = text(h, "headerName");
                if (header == null || header.isEmpty()) {
                    throw new IllegalArgumentException(where + ".headerName is missing");
                }
                JsonNode ref = h.path("valueSecretRef");
                if (!ref.isObject()) {
                    throw new IllegalArgumentException(where + ".valueSecretRef is missing");
                }
                try {
                    secret.add(new HeaderForwardConfig.SecretHeader(header, new SecretRef.Key(text(ref, "name"), text(ref, "key"))));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ".valueSecretRef: " + e.getMessage());
                }
            }
        }
        return new HeaderForwardConfig(plain, secret);
    }

    private static URI url(String text, String field) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(field + " is missing or not a string");
        }
        try {
            URI u = new URI(text);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw new IllegalArgumentException(field + " must be an http or https URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " is not a valid URL");
        }
    }

    private static BackendSpec.Transport transport(String name, String field) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(field + " is missing (sse or streamable-http)");
        }
        try {
            return BackendSpec.Transport.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }

    /** A string field, or null when absent; a field of another type reads as null too. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }
}
