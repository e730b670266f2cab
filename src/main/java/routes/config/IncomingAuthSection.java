package routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks {@code incomingAuth}. Caravan serves anonymous clients only until the auth issue (14):
 * any other type, and authorization policies, are refused, so that nobody runs an open gateway
 * believing it is protected. Every ToolHive key is known here, so a typo is still "unknown field".
 */
final class IncomingAuthSection {

    private static final String PATH = "incomingAuth";
    private static final List<String> FIELDS = List.of("type", "oidc", "authz");
    private static final List<String> OIDC_FIELDS = List.of("issuer", "clientId", "clientSecretEnv", "audience",
            "resource", "jwksUrl", "introspectionUrl", "scopes", "protectedResourceAllowPrivateIp",
            "jwksAllowPrivateIp", "insecureAllowHttp", "caBundlePath");
    private static final List<String> AUTHZ_FIELDS = List.of("type", "policies", "entitiesJson",
            "primaryUpstreamProvider", "groupClaimName", "roleClaimName", "groupEntityType");

    private final ConfigReader reader;

    IncomingAuthSection(ConfigReader reader) {
        this.reader = reader;
    }

    void read(ObjectNode node) {
        if (node == null) {
            return;
        }
        reader.allowOnly(node, PATH, FIELDS);
        String type = reader.text(node, PATH, "type", false);
        ObjectNode oidc = reader.object(node, PATH, "oidc", false);
        if (oidc != null) {
            reader.allowOnly(oidc, ConfigReader.at(PATH, "oidc"), OIDC_FIELDS);
        }
        ObjectNode authz = reader.object(node, PATH, "authz", false);
        if (authz != null) {
            reader.allowOnly(authz, ConfigReader.at(PATH, "authz"), AUTHZ_FIELDS);
        }
        String typePath = ConfigReader.at(PATH, "type");
        if (type == null || type.equals("anonymous")) {
            if (oidc != null) {
                reader.inert(ConfigReader.at(PATH, "oidc"), ToolHiveKeys.OIDC_UNDER_ANONYMOUS);
            }
            authz(authz);
        } else if (type.equals("oidc")) {
            // one message for the section: authz under a refused type is part of the same refusal
            reader.refuse(typePath, ToolHiveKeys.INCOMING_OIDC);
        } else if (type.equals("local")) {
            reader.refuse(typePath, ToolHiveKeys.INCOMING_LOCAL);
        } else {
            reader.report(typePath, "'" + type + "' is not an incoming auth type; allowed: anonymous, oidc, local");
        }
    }

    private void authz(ObjectNode authz) {
        if (authz == null) {
            return;
        }
        String path = ConfigReader.at(PATH, "authz");
        String type = reader.text(authz, path, "type", true);
        if (type == null) {
            return;
        }
        if (type.equals("none")) {
            if (setsMoreThanType(authz)) {
                reader.inert(path, ToolHiveKeys.AUTHZ_NONE_EXTRAS);
            }
        } else if (type.equals("cedar")) {
            reader.refuse(path, ToolHiveKeys.AUTHZ);
        } else {
            reader.report(ConfigReader.at(path, "type"), "'" + type + "' is not an authorization type; allowed: cedar, none");
        }
    }

    private static boolean setsMoreThanType(ObjectNode authz) {
        Iterator<Map.Entry<String, JsonNode>> fields = authz.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!f.getKey().equals("type") && !ConfigReader.isEmptyValue(f.getValue())) {
                return true;
            }
        }
        return false;
    }
}
