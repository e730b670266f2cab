package routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.authz.AuthzSpec;
import routes.protocol.Json;
import routes.secrets.SecretRef;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code incomingAuth}: ToolHive's {@code type} anonymous or oidc with every key of its
 * {@code oidc} block, and Caravan's {@code apiKeys}. ToolHive's {@code local} (the OS user of a
 * desktop process) is refused: a gateway has no local user to be. Authorization ({@code authz}) is
 * read by {@link AuthzSection} under every type.
 */
final class IncomingAuthSection {

    private static final String PATH = "incomingAuth";
    private static final List<String> FIELDS = List.of("type", "oidc", "authz", "apiKeys", "requiredScopes");
    private static final List<String> OIDC_FIELDS = List.of("issuer", "clientId", "clientSecretEnv", "audience",
            "resource", "jwksUrl", "introspectionUrl", "scopes", "protectedResourceAllowPrivateIp",
            "jwksAllowPrivateIp", "insecureAllowHttp", "caBundlePath");
    private static final List<String> API_KEY_FIELDS = List.of("subject", "hash", "hashEnv", "hashSecretRef", "groups",
            "claims");
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-fA-F]{64}");

    private final ConfigReader reader;
    private AuthzSpec authz = AuthzSpec.NONE;

    IncomingAuthSection(ConfigReader reader) {
        this.reader = reader;
    }

    IncomingAuthConfig read(ObjectNode node) {
        if (node == null) {
            return IncomingAuthConfig.ANONYMOUS;
        }
        reader.allowOnly(node, PATH, FIELDS);
        String type = reader.text(node, PATH, "type", false);
        ObjectNode oidcNode = reader.object(node, PATH, "oidc", false);
        if (oidcNode != null) {
            reader.allowOnly(oidcNode, ConfigReader.at(PATH, "oidc"), OIDC_FIELDS);
        }
        authz = new AuthzSection(reader).read(reader.object(node, PATH, "authz", false));
        List<IncomingAuthConfig.ApiKey> apiKeys = apiKeys(reader.array(node, PATH, "apiKeys", false));
        String typePath = ConfigReader.at(PATH, "type");
        IncomingAuthConfig.Oidc oidc = null;
        if (type == null || type.equals("anonymous")) {
            if (oidcNode != null) {
                reader.inert(ConfigReader.at(PATH, "oidc"), ToolHiveKeys.OIDC_UNDER_ANONYMOUS);
            }
        } else if (type.equals("oidc")) {
            if (oidcNode == null) {
                reader.report(ConfigReader.at(PATH, "oidc"), "is required with type: oidc (at least issuer or jwksUrl)");
            } else {
                oidc = oidc(oidcNode, ConfigReader.at(PATH, "oidc"));
            }
        } else if (type.equals("local")) {
            reader.refuse(typePath, ToolHiveKeys.INCOMING_LOCAL);
        } else {
            reader.report(typePath, "'" + type + "' is not an incoming auth type; allowed: anonymous, oidc (and"
                    + " ToolHive's local, which Caravan refuses)");
        }
        List<String> requiredScopes = reader.textList(node, PATH, "requiredScopes");
        if (!requiredScopes.isEmpty() && oidc == null && apiKeys.isEmpty()) {
            reader.report(ConfigReader.at(PATH, "requiredScopes"), "needs authenticated callers: set type: oidc or apiKeys");
        }
        return new IncomingAuthConfig(oidc, apiKeys, requiredScopes);
    }

    private IncomingAuthConfig.Oidc oidc(ObjectNode node, String path) {
        boolean insecureHttp = Boolean.TRUE.equals(reader.bool(node, path, "insecureAllowHttp"));
        boolean privateIp = Boolean.TRUE.equals(reader.bool(node, path, "jwksAllowPrivateIp"))
                | Boolean.TRUE.equals(reader.bool(node, path, "protectedResourceAllowPrivateIp"));
        String issuer = url(node, path, "issuer", insecureHttp);
        String jwksUrl = url(node, path, "jwksUrl", insecureHttp);
        String introspectionUrl = url(node, path, "introspectionUrl", insecureHttp);
        if (issuer == null && jwksUrl == null && !node.hasNonNull("issuer") && !node.hasNonNull("jwksUrl")) {
            reader.report(path, "set issuer (its keys are discovered from <issuer>/.well-known/openid-configuration)"
                    + " or jwksUrl");
        }
        String clientId = blankToNull(reader.text(node, path, "clientId", false));
        String secretEnv = blankToNull(reader.text(node, path, "clientSecretEnv", false));
        SecretRef clientSecret = null;
        if (secretEnv != null) {
            try {
                clientSecret = new SecretRef.Variable(secretEnv);
            } catch (IllegalArgumentException e) {
                reader.report(ConfigReader.at(path, "clientSecretEnv"), e.getMessage());
            }
        }
        String audience = blankToNull(reader.text(node, path, "audience", false));
        String resource = blankToNull(reader.text(node, path, "resource", false));
        List<String> scopes = reader.textList(node, path, "scopes");
        String caBundle = caBundle(node, path);
        return new IncomingAuthConfig.Oidc(issuer, clientId, clientSecret, audience, resource, jwksUrl,
                introspectionUrl, scopes, privateIp, insecureHttp, caBundle);
    }

    /** An absolute http(s) URL; plain http only with insecureAllowHttp, as in ToolHive. */
    private String url(ObjectNode node, String path, String field, boolean insecureHttp) {
        String raw = blankToNull(reader.text(node, path, field, false));
        if (raw == null) {
            return null;
        }
        String where = ConfigReader.at(path, field);
        URI uri;
        try {
            uri = new URI(raw);
        } catch (Exception e) {
            reader.report(where, "'" + raw + "' is not a URL");
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            reader.report(where, "'" + raw + "' must be an absolute https URL");
            return null;
        }
        if (scheme.equals("http") && !insecureHttp) {
            reader.report(where, "'" + raw + "' is plain http: tokens and keys could be read or forged on the way;"
                    + " use https, or set insecureAllowHttp: true for development only");
            return null;
        }
        return raw;
    }

    private String caBundle(ObjectNode node, String path) {
        Path p = CaBundleSection.read(reader, node, path);
        return p == null ? null : p.toString();
    }

    private List<IncomingAuthConfig.ApiKey> apiKeys(ArrayNode list) {
        List<IncomingAuthConfig.ApiKey> out = new java.util.ArrayList<>();
        if (list == null) {
            return out;
        }
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String path = ConfigReader.item(ConfigReader.at(PATH, "apiKeys"), i, "subject", item);
            if (!item.isObject()) {
                reader.report(path, "must be a map with subject and hash, hashEnv or hashSecretRef");
                continue;
            }
            IncomingAuthConfig.ApiKey key = apiKey((ObjectNode) item, path);
            if (key != null && key.hash() != null && !hashes.add(key.hash())) {
                reader.report(ConfigReader.at(path, "hash"), "the same key hash is listed twice");
            } else if (key != null) {
                out.add(key);
            }
        }
        return out;
    }

    private IncomingAuthConfig.ApiKey apiKey(ObjectNode node, String path) {
        reader.allowOnly(node, path, API_KEY_FIELDS);
        String subject = reader.text(node, path, "subject", true);
        String hash = reader.text(node, path, "hash", false);
        String hashEnv = reader.text(node, path, "hashEnv", false);
        SecretRef fromSecret = SecretRefSection.read(reader, reader.object(node, path, "hashSecretRef", false),
                ConfigReader.at(path, "hashSecretRef"));
        int sources = (hash != null ? 1 : 0) + (hashEnv != null ? 1 : 0) + (node.hasNonNull("hashSecretRef") ? 1 : 0);
        if (sources != 1) {
            reader.report(path, "set exactly one of hash (\"sha256:<hex of the key's SHA-256>\"), hashEnv or hashSecretRef;"
                    + " the key itself is never written in the config");
            return null;
        }
        if (hash != null && !SHA256.matcher(hash).matches()) {
            reader.report(ConfigReader.at(path, "hash"), "must be \"sha256:\" and the 64 hex digits of the key's SHA-256"
                    + " (e.g. printf %s \"$KEY\" | sha256sum)");
            return null;
        }
        SecretRef source = fromSecret;
        if (hashEnv != null) {
            try {
                source = new SecretRef.Variable(hashEnv);
            } catch (IllegalArgumentException e) {
                reader.report(ConfigReader.at(path, "hashEnv"), e.getMessage());
                return null;
            }
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        ObjectNode claimNode = reader.object(node, path, "claims", false);
        if (claimNode != null) {
            claimNode.fields().forEachRemaining(e -> claims.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class)));
        }
        if (node.hasNonNull("groups")) {
            claims.put("groups", reader.textList(node, path, "groups"));
        }
        if (subject == null || (hash == null && source == null)) {
            return null;
        }
        return new IncomingAuthConfig.ApiKey(subject, hash == null ? null : hash.toLowerCase(Locale.ROOT), source, claims);
    }

    /** {@code incomingAuth.authz} as read (none when absent or refused). */
    AuthzSpec authz() {
        return authz;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
