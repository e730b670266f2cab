package routes.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.AuthStrategy;
import routes.secrets.SecretRef;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code outgoingAuth}. Strategies Caravan speaks: {@code unauthenticated},
 * {@code header_injection} (ToolHive's {@code headerName} with {@code headerValue} or
 * {@code headerValueEnv}, plus Caravan's {@code headerValueSecretRef}), {@code token_exchange}
 * (ToolHive's {@code tokenExchange} block, plus Caravan's {@code clientSecretRef}) and Caravan's own
 * {@code client_credentials} ({@code clientCredentials} block). ToolHive's other strategies are
 * refused, because calling backends without the credentials the user configured would fail in
 * confusing ways. Header names and values are checked with every other header when backends are
 * assembled.
 */
final class OutgoingAuthSection {

    private static final List<String> FIELDS = List.of("source", "default", "backends");
    private static final List<String> STRATEGY_FIELDS = List.of("type", "headerInjection", "tokenExchange",
            "upstreamInject", "awsSts", "obo", "xaa", "clientCredentials");
    /** ToolHive's strategies that Caravan does not have yet (auth issue). */
    private static final List<String> NOT_YET = List.of("upstream_inject", "aws_sts", "xaa", "obo");
    private static final List<String> EXCHANGE_FIELDS = List.of("tokenUrl", "clientId", "clientSecret", "clientSecretEnv",
            "clientSecretRef", "audience", "scopes", "subjectTokenType", "subjectProviderName");
    private static final List<String> CLIENT_CREDENTIALS_FIELDS = List.of("tokenUrl", "clientId", "clientSecret",
            "clientSecretEnv", "clientSecretRef", "audience", "scopes");
    private static final List<String> INJECTION_FIELDS = List.of("headerName", "headerValue", "headerValueEnv",
            "headerValueSecretRef");

    /** Marks a client block that was reported as wrong (null means "no client", which token exchange allows). */
    private static final AuthStrategy.OAuthClient INVALID = new AuthStrategy.OAuthClient("", null, null);

    private final ConfigReader reader;
    private final Set<String> declaredBackends;

    OutgoingAuthSection(ConfigReader reader, Set<String> declaredBackends) {
        this.reader = reader;
        this.declaredBackends = declaredBackends;
    }

    OutgoingAuthConfig read(ObjectNode node) {
        if (node == null) {
            return OutgoingAuthConfig.NONE;
        }
        String path = "outgoingAuth";
        reader.allowOnly(node, path, FIELDS);
        String source = reader.text(node, path, "source", false);
        if (source != null && !source.equals("inline") && !source.equals("discovered")) {
            reader.report(ConfigReader.at(path, "source"), "'" + source + "' is not allowed; use inline or discovered");
        }
        AuthStrategy fallback = strategy(reader.object(node, path, "default", false), ConfigReader.at(path, "default"));
        Map<String, AuthStrategy> perBackend = new LinkedHashMap<>();
        ObjectNode backends = reader.object(node, path, "backends", false);
        if (backends != null) {
            backends.fields().forEachRemaining(e -> {
                String where = ConfigReader.at(ConfigReader.at(path, "backends"), e.getKey());
                if (!declaredBackends.isEmpty() && !declaredBackends.contains(e.getKey())) {
                    reader.report(where, "names no backend; backends are " + declaredBackends);
                }
                if (!e.getValue().isObject()) {
                    reader.report(where, "must be a map with type, not " + ConfigReader.describe(e.getValue()));
                    return;
                }
                AuthStrategy s = strategy((ObjectNode) e.getValue(), where);
                if (s != null) {
                    perBackend.put(e.getKey(), s);
                }
            });
        }
        return new OutgoingAuthConfig(source, fallback, perBackend);
    }

    private AuthStrategy strategy(ObjectNode node, String path) {
        if (node == null) {
            return null;
        }
        reader.allowOnly(node, path, STRATEGY_FIELDS);
        String type = reader.text(node, path, "type", true);
        if (type == null) {
            return null;
        }
        switch (type) {
            case "unauthenticated":
                if (node.has("headerInjection")) {
                    reader.report(ConfigReader.at(path, "headerInjection"), "is only used with type: header_injection");
                }
                return AuthStrategy.UNAUTHENTICATED;
            case "header_injection":
                return headerInjection(reader.object(node, path, "headerInjection", true), ConfigReader.at(path, "headerInjection"));
            case "token_exchange":
                return tokenExchange(reader.object(node, path, "tokenExchange", true), ConfigReader.at(path, "tokenExchange"));
            case "client_credentials":
                return clientCredentials(reader.object(node, path, "clientCredentials", true),
                        ConfigReader.at(path, "clientCredentials"));
            default:
                if (NOT_YET.contains(type)) {
                    // the whole strategy is refused, so its own block is not checked field by field
                    reader.report(path, ToolHiveKeys.OUTGOING_STRATEGY.detail().formatted(type));
                } else {
                    reader.report(ConfigReader.at(path, "type"), "'" + type + "' is not an outgoing auth strategy;"
                            + " allowed: unauthenticated, header_injection, token_exchange, client_credentials (and ToolHive's " + String.join(", ", NOT_YET)
                            + ", which Caravan does not support yet)");
                }
                return null;
        }
    }

    private AuthStrategy headerInjection(ObjectNode node, String path) {
        if (node == null) {
            return null;
        }
        reader.allowOnly(node, path, INJECTION_FIELDS);
        String header = reader.text(node, path, "headerName", true);
        String literal = reader.text(node, path, "headerValue", false);
        String env = reader.text(node, path, "headerValueEnv", false);
        SecretRef secret = SecretRefSection.read(reader, reader.object(node, path, "headerValueSecretRef", false),
                ConfigReader.at(path, "headerValueSecretRef"));
        int sources = (literal != null ? 1 : 0) + (env != null ? 1 : 0) + (node.has("headerValueSecretRef") ? 1 : 0);
        if (sources != 1) {
            reader.report(path, "set exactly one of headerValue, headerValueEnv or headerValueSecretRef");
            return null;
        }
        if (env != null) {
            try {
                secret = new SecretRef.Variable(env);
            } catch (IllegalArgumentException e) {
                // the reference's own rule for a variable name
                reader.report(ConfigReader.at(path, "headerValueEnv"), e.getMessage());
                return null;
            }
        }
        if (header == null || (secret == null && literal == null)) {
            return null;
        }
        return new AuthStrategy.HeaderInjection(header, literal, secret);
    }

    private AuthStrategy tokenExchange(ObjectNode node, String path) {
        if (node == null) {
            return null;
        }
        reader.allowOnly(node, path, EXCHANGE_FIELDS);
        if (node.hasNonNull("subjectProviderName")) {
            reader.report(ConfigReader.at(path, "subjectProviderName"), ToolHiveKeys.SUBJECT_PROVIDER.detail());
        }
        String typeText = reader.text(node, path, "subjectTokenType", false);
        String tokenType = AuthStrategy.TokenExchange.tokenTypeUrn(typeText);
        if (tokenType == null) {
            reader.report(ConfigReader.at(path, "subjectTokenType"), "'" + typeText + "' is not a token type; use"
                    + " access_token, id_token or jwt (or their urn:ietf:params:oauth:token-type: URNs)");
        }
        URI tokenUrl = tokenUrl(node, path);
        AuthStrategy.OAuthClient client = client(node, path, false);
        String audience = reader.text(node, path, "audience", false);
        List<String> scopes = scopes(node, path);
        if (tokenUrl == null || tokenType == null || client == INVALID) {
            return null;
        }
        return new AuthStrategy.TokenExchange(tokenUrl, client, audience, scopes, tokenType);
    }

    private AuthStrategy clientCredentials(ObjectNode node, String path) {
        if (node == null) {
            return null;
        }
        reader.allowOnly(node, path, CLIENT_CREDENTIALS_FIELDS);
        URI tokenUrl = tokenUrl(node, path);
        AuthStrategy.OAuthClient client = client(node, path, true);
        String audience = reader.text(node, path, "audience", false);
        List<String> scopes = scopes(node, path);
        if (tokenUrl == null || client == null || client == INVALID) {
            return null;
        }
        return new AuthStrategy.ClientCredentials(tokenUrl, client, audience, scopes);
    }

    private URI tokenUrl(ObjectNode node, String path) {
        String text = reader.text(node, path, "tokenUrl", true);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        reader.report(ConfigReader.at(path, "tokenUrl"), "must be an http or https URL");
        return null;
    }

    /** Scopes as a list or, as ToolHive also takes them, one string. */
    private List<String> scopes(ObjectNode node, String path) {
        if (node.path("scopes").isTextual()) {
            String one = node.path("scopes").textValue().trim();
            return one.isEmpty() ? List.of() : List.of(one.split("\\s+"));
        }
        return reader.textList(node, path, "scopes");
    }

    /** The client id and secret; null when neither is set; {@link #INVALID} after a report. */
    private AuthStrategy.OAuthClient client(ObjectNode node, String path, boolean required) {
        String id = reader.text(node, path, "clientId", required);
        String literal = reader.text(node, path, "clientSecret", false);
        String env = reader.text(node, path, "clientSecretEnv", false);
        SecretRef ref = SecretRefSection.read(reader, reader.object(node, path, "clientSecretRef", false),
                ConfigReader.at(path, "clientSecretRef"));
        int sources = (literal != null ? 1 : 0) + (env != null ? 1 : 0) + (node.has("clientSecretRef") ? 1 : 0);
        if (sources > 1) {
            reader.report(path, "set at most one of clientSecret, clientSecretEnv or clientSecretRef");
            return INVALID;
        }
        if (required && sources == 0) {
            reader.report(path, "needs a client secret: set clientSecret, clientSecretEnv or clientSecretRef");
            return INVALID;
        }
        if (id == null) {
            if (sources > 0) {
                reader.report(ConfigReader.at(path, "clientId"), "is required with a client secret");
                return INVALID;
            }
            return required ? INVALID : null;
        }
        if (env != null) {
            try {
                ref = new SecretRef.Variable(env);
            } catch (IllegalArgumentException e) {
                reader.report(ConfigReader.at(path, "clientSecretEnv"), e.getMessage());
                return INVALID;
            }
        }
        if (sources > 0 && literal == null && ref == null) {
            return INVALID;
        }
        return new AuthStrategy.OAuthClient(id, literal, ref);
    }
}
