package routes.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.backend.BackendTls;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A {@code caBundlePath} key (a backend's, or incoming auth's OIDC provider's): checked when the
 * config is read, so that a typo is reported with its key, not later as a TLS failure.
 */
final class CaBundleSection {

    private CaBundleSection() {
    }

    /** The readable PEM bundle the key names, or null when it is not set or is reported as wrong. */
    static Path read(ConfigReader reader, ObjectNode node, String path) {
        String raw = reader.text(node, path, "caBundlePath", false);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        raw = raw.trim();
        String where = ConfigReader.at(path, "caBundlePath");
        try {
            Path p = Path.of(raw);
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                reader.report(where, "'" + raw + "' is not a readable file; point it at a PEM CA bundle");
                return null;
            }
            BackendTls.readPem(p);
            return p;
        } catch (InvalidPathException e) {
            reader.report(where, "'" + raw + "' is not a valid path");
        } catch (BackendTls.BundleException e) {
            reader.report(where, "'" + raw + "' is not a PEM CA bundle: " + e.getMessage());
        }
        return null;
    }
}
