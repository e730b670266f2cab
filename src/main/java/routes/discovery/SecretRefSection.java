package routes.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import routes.secrets.SecretRef;

/** Reads a {@code {name, key}} reference to a Kubernetes Secret key, as ToolHive writes it. */
final class SecretRefSection {

    private static final List<String> FIELDS = List.of("name", "key");

    private SecretRefSection() {
    }

    /** The reference, or null after reporting what is wrong with it. */
    static SecretRef.Key read(ConfigReader reader, ObjectNode ref, String path) {
        if (ref == null) {
            return null;
        }
        reader.allowOnly(ref, path, FIELDS);
        String name = reader.text(ref, path, "name", true);
        String key = reader.text(ref, path, "key", true);
        boolean ok = name != null && key != null;
        if (name != null && !Names.isValidBackendName(name)) {
            reader.report(ConfigReader.at(path, "name"), "'" + name + "' is not a valid Secret name; use " + Names.backendNameRule());
            ok = false;
        }
        if (key != null && !key.matches("[-._a-zA-Z0-9]+")) {
            reader.report(ConfigReader.at(path, "key"), "'" + key + "' is not a valid Secret key; use letters, digits, '-', '_' and '.'");
            ok = false;
        }
        return ok ? new SecretRef.Key(name, key) : null;
    }
}
