package routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.backend.BackendTls;
import routes.kernel.BackendSpec;
import routes.secrets.SecretRef;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads and checks {@code backends[]}, including each backend's {@code headerForward}. */
final class BackendsSection {

    private static final List<String> BACKEND_FIELDS =
            List.of("name", "url", "transport", "caBundlePath", "type", "metadata", "headerForward", "caBundleData");
    private static final List<String> HEADER_FORWARD_FIELDS = List.of("addPlaintextHeaders", "addHeadersFromSecret");
    private static final List<String> SECRET_HEADER_FIELDS = List.of("headerName", "valueSecretRef");
    private static final List<String> BACKEND_TYPES = List.of("", "entry");

    private final ConfigReader reader;
    private final Set<String> declaredNames = new LinkedHashSet<>();

    BackendsSection(ConfigReader reader) {
        this.reader = reader;
    }

    /**
     * Every backend name written in the file, including those of entries with other mistakes, so
     * that cross-references to them do not produce a second, misleading "names no backend" error.
     */
    Set<String> declaredNames() {
        return declaredNames;
    }

    List<BackendConfig> read(ArrayNode list) {
        List<BackendConfig> backends = new ArrayList<>();
        if (list == null) {
            return backends;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String path = ConfigReader.item("backends", i, "name", node);
            if (!node.isObject()) {
                reader.report(path, "must be a map with name, url and transport, not " + ConfigReader.describe(node));
                continue;
            }
            JsonNode declared = node.get("name");
            if (declared != null && declared.isTextual()) {
                declaredNames.add(declared.textValue());
            }
            BackendConfig backend = readOne((ObjectNode) node, path);
            if (backend == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(backend.name(), i);
            if (first != null) {
                reader.report(ConfigReader.at(path, "name"), "duplicate backend name '" + backend.name()
                        + "', already used by backends[" + first + "]; backend names must be unique");
                continue;
            }
            backends.add(backend);
        }
        return backends;
    }

    private BackendConfig readOne(ObjectNode node, String path) {
        int before = reader.problems().size();
        reader.allowOnly(node, path, BACKEND_FIELDS);
        String name = reader.text(node, path, "name", true);
        if (name != null && !Names.isValidBackendName(name)) {
            reader.report(ConfigReader.at(path, "name"), "'" + name + "' is not a valid backend name; use "
                    + Names.backendNameRule());
        }
        URI url = url(node, path);
        BackendSpec.Transport transport = transport(node, path);
        Path caBundle = caBundle(node, path);
        String caBundleData = caBundleData(node, path, present(node, "caBundlePath"));
        String type = reader.text(node, path, "type", false);
        if (type != null && !BACKEND_TYPES.contains(type)) {
            reader.report(ConfigReader.at(path, "type"), "'" + type + "' is not a backend type; allowed: \"entry\" or empty");
        }
        Map<String, String> metadata = reader.textMap(node, path, "metadata");
        if (type != null && !type.isEmpty()) {
            reader.inert(ConfigReader.at(path, "type"), ToolHiveKeys.BACKEND_TYPE);
        }
        if (!metadata.isEmpty()) {
            reader.inert(ConfigReader.at(path, "metadata"), ToolHiveKeys.BACKEND_METADATA);
        }
        HeaderForwardConfig headerForward = headerForward(node, path);
        if (reader.problems().size() > before) {
            return null;
        }
        return new BackendConfig(name, url, transport, caBundle, type, metadata, headerForward, caBundleData);
    }

    private URI url(ObjectNode node, String path) {
        String raw = reader.text(node, path, "url", true);
        if (raw == null) {
            return null;
        }
        String where = ConfigReader.at(path, "url");
        try {
            URI uri = new URI(raw);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                reader.report(where, "'" + raw + "' must be an http:// or https:// URL");
            } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
                reader.report(where, "'" + raw + "' has no host; expected e.g. https://mcp.example.com/mcp");
            } else if (uri.getRawUserInfo() != null) {
                // Credentials in a URL end up in logs and status; headerForward keeps them out of both.
                reader.report(where, "must not contain credentials (user:password@); use headerForward instead");
            } else {
                return uri;
            }
        } catch (URISyntaxException e) {
            reader.report(where, "'" + raw + "' is not a valid URL: " + e.getReason());
        }
        return null;
    }

    private BackendSpec.Transport transport(ObjectNode node, String path) {
        String raw = reader.text(node, path, "transport", true);
        if (raw == null) {
            return null;
        }
        try {
            return BackendSpec.Transport.fromWireName(raw);
        } catch (IllegalArgumentException e) {
            reader.report(ConfigReader.at(path, "transport"), "'" + raw
                    + "' is not a supported transport; allowed: streamable-http, sse");
            return null;
        }
    }

    private Path caBundle(ObjectNode node, String path) {
        return CaBundleSection.read(reader, node, path);
    }

    /** Inline PEM (Kubernetes discovery reads it from a ConfigMap); parsed now, so a bad one is a config error. */
    private String caBundleData(ObjectNode node, String path, boolean pathSet) {
        String pem = reader.text(node, path, "caBundleData", false);
        if (pem == null || pem.isBlank()) {
            return null;
        }
        String where = ConfigReader.at(path, "caBundleData");
        if (pathSet) {
            reader.report(where, "set caBundlePath or caBundleData, not both");
            return null;
        }
        try {
            BackendTls.parsePem(pem);
            return pem;
        } catch (BackendTls.BundleException e) {
            reader.report(where, "is not a PEM CA bundle: " + e.getMessage());
            return null;
        }
    }

    private static boolean present(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.textValue().isEmpty();
    }

    /** The structure only: header names and values are checked with those from other sources later. */
    private HeaderForwardConfig headerForward(ObjectNode node, String path) {
        ObjectNode hf = reader.object(node, path, "headerForward", false);
        if (hf == null) {
            return HeaderForwardConfig.NONE;
        }
        String hfPath = ConfigReader.at(path, "headerForward");
        reader.allowOnly(hf, hfPath, HEADER_FORWARD_FIELDS);
        Map<String, String> plain = reader.textMap(hf, hfPath, "addPlaintextHeaders");
        List<HeaderForwardConfig.SecretHeader> secrets = new ArrayList<>();
        ArrayNode list = reader.array(hf, hfPath, "addHeadersFromSecret", false);
        for (int i = 0; list != null && i < list.size(); i++) {
            JsonNode item = list.get(i);
            String where = ConfigReader.item(ConfigReader.at(hfPath, "addHeadersFromSecret"), i, "headerName", item);
            if (!item.isObject()) {
                reader.report(where, "must be a map with headerName and valueSecretRef, not " + ConfigReader.describe(item));
                continue;
            }
            ObjectNode entry = (ObjectNode) item;
            reader.allowOnly(entry, where, SECRET_HEADER_FIELDS);
            String header = reader.text(entry, where, "headerName", true);
            SecretRef.Key ref = SecretRefSection.read(reader, reader.object(entry, where, "valueSecretRef", true),
                    ConfigReader.at(where, "valueSecretRef"));
            if (header != null && ref != null) {
                secrets.add(new HeaderForwardConfig.SecretHeader(header, ref));
            }
        }
        return new HeaderForwardConfig(plain, secrets);
    }
}
