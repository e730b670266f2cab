package routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * ToolHive config sections that Caravan does not act on yet.
 *
 * <p>Why this split: users should be able to bring their ToolHive config unchanged, so these keys
 * are not "unknown fields". But a section is only accepted when ignoring it is harmless. Where
 * ignoring it would silently weaken security (incoming auth, authorization, audit) or hide
 * behaviour the user relies on (composite tools, the optimizer), the loader
 * refuses it with a "not supported yet" message instead, so nobody runs an open or half-working
 * gateway believing it is configured. Settings that say "do nothing" (anonymous incoming auth,
 * a disabled optimizer, empty lists) are accepted.
 */
final class DeferredSections {

    /** Top-level keys handled here. */
    static final List<String> KEYS = List.of("incomingAuth", "audit", "optimizer",
            "compositeTools", "compositeToolRefs");

    private final ConfigReader reader;

    DeferredSections(ConfigReader reader) {
        this.reader = reader;
    }

    /** Checks the sections. */
    void read(ObjectNode root) {
        incomingAuth(reader.object(root, "", "incomingAuth", false));
        ObjectNode optimizer = reader.object(root, "", "optimizer", false);
        if (optimizer != null && optimizer.path("enabled").asBoolean(false)) {
            notYet("optimizer", "the optimizer (find_tool/call_tool) is not supported yet; remove the section or set enabled: false");
        }
        for (String key : List.of("compositeTools", "compositeToolRefs")) {
            if (reader.array(root, "", key, false) != null && !root.get(key).isEmpty()) {
                notYet(key, "composite tools are not supported yet; clients would not see these tools. Remove the section");
            }
        }
        if (root.hasNonNull("audit")) {
            notYet("audit", "audit logging is not supported yet, and Caravan will not run without the audit log you"
                    + " asked for; remove the section to run without it");
        }
    }

    private void incomingAuth(ObjectNode node) {
        if (node == null) {
            return;
        }
        String type = reader.text(node, "incomingAuth", "type", false);
        if (type != null && !type.equals("anonymous")) {
            notYet("incomingAuth.type", "'" + type + "' is not supported yet; Caravan would serve /mcp without"
                    + " authentication. Set type: anonymous (or remove incomingAuth) only if that is what you want");
        }
        JsonNode authz = node.get("authz");
        if (authz != null && !authz.isNull() && !"none".equals(authz.path("type").asText())) {
            notYet("incomingAuth.authz", "authorization policies are not supported yet and would not be enforced;"
                    + " remove authz or set type: none");
        }
    }

    private void notYet(String path, String message) {
        reader.report(path, message);
    }
}
