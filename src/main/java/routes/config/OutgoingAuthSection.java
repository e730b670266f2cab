package routes.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.AuthStrategy;
import routes.secrets.SecretRef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code outgoingAuth}. Strategies Caravan speaks: {@code unauthenticated} and
 * {@code header_injection} (ToolHive's {@code headerName} with {@code headerValue} or
 * {@code headerValueEnv}, plus Caravan's {@code headerValueSecretRef}). ToolHive's other strategies
 * are refused, because calling backends without the credentials the user configured would fail in
 * confusing ways. Header names and values are checked with every other header when backends are
 * assembled.
 */
final class OutgoingAuthSection {

    private static final List<String> FIELDS = List.of("source", "default", "backends");
    private static final List<String> STRATEGY_FIELDS = List.of("type", "headerInjection", "tokenExchange",
            "upstreamInject", "awsSts", "obo", "xaa");
    /** ToolHive's strategies that Caravan does not have yet (auth issue). */
    private static final List<String> NOT_YET = List.of("token_exchange", "upstream_inject", "aws_sts", "xaa", "obo");
    private static final List<String> INJECTION_FIELDS = List.of("headerName", "headerValue", "headerValueEnv",
            "headerValueSecretRef");

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
            default:
                if (NOT_YET.contains(type)) {
                    // the whole strategy is refused, so its own block is not checked field by field
                    reader.report(path, ToolHiveKeys.OUTGOING_STRATEGY.detail().formatted(type));
                } else {
                    reader.report(ConfigReader.at(path, "type"), "'" + type + "' is not an outgoing auth strategy;"
                            + " allowed: unauthenticated, header_injection (and ToolHive's " + String.join(", ", NOT_YET)
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
}
