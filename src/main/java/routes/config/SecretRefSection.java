package routes.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.secrets.SecretRef;

import java.util.List;

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
        if (name == null || key == null) {
            return null;
        }
        try {
            return new SecretRef.Key(name, key);
        } catch (IllegalArgumentException e) {
            // the reference's own rule (Kubernetes' names, and no path outside the Secret folder)
            reader.report(path, e.getMessage());
            return null;
        }
    }
}
