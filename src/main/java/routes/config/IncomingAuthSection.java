package routes.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.authz.AuthzSpec;

import java.util.List;

/**
 * Checks {@code incomingAuth}. Caravan serves anonymous clients only until the auth issue (14):
 * any other type is refused, so that nobody runs an open gateway believing it is protected.
 * {@code authz} is read by {@link AuthzSection} under every type. Every ToolHive key is known here,
 * so a typo is still "unknown field".
 */
final class IncomingAuthSection {

    private static final String PATH = "incomingAuth";
    private static final List<String> FIELDS = List.of("type", "oidc", "authz");
    private static final List<String> OIDC_FIELDS = List.of("issuer", "clientId", "clientSecretEnv", "audience",
            "resource", "jwksUrl", "introspectionUrl", "scopes", "protectedResourceAllowPrivateIp",
            "jwksAllowPrivateIp", "insecureAllowHttp", "caBundlePath");

    private final ConfigReader reader;
    private AuthzSpec authz = AuthzSpec.NONE;

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
        authz = new AuthzSection(reader).read(reader.object(node, PATH, "authz", false));
        String typePath = ConfigReader.at(PATH, "type");
        if (type == null || type.equals("anonymous")) {
            if (oidc != null) {
                reader.inert(ConfigReader.at(PATH, "oidc"), ToolHiveKeys.OIDC_UNDER_ANONYMOUS);
            }
        } else if (type.equals("oidc")) {
            reader.refuse(typePath, ToolHiveKeys.INCOMING_OIDC);
        } else if (type.equals("local")) {
            reader.refuse(typePath, ToolHiveKeys.INCOMING_LOCAL);
        } else {
            reader.report(typePath, "'" + type + "' is not an incoming auth type; allowed: anonymous, oidc, local");
        }
    }

    /** {@code incomingAuth.authz} as read (none when absent or refused). */
    AuthzSpec authz() {
        return authz;
    }
}
