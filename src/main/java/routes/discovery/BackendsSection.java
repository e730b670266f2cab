package routes.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import routes.backend.BackendSpec;
import routes.backend.BackendTls;

/** Reads and checks {@code backends[]}, including each backend's {@code headerForward}. */
final class BackendsSection {

    private static final List<String> BACKEND_FIELDS =
            List.of("name", "url", "transport", "caBundlePath", "type", "metadata", "headerForward", "caBundleData");
    private static final List<String> HEADER_FORWARD_FIELDS = List.of("addPlaintextHeaders", "addHeadersFromSecret");
    private static final List<String> SECRET_HEADER_FIELDS = List.of("headerName", "valueSecretRef");
    private static final List<String> SECRET_REF_FIELDS = List.of("name", "key");
    private static final List<String> BACKEND_TYPES = List.of("", "entry");
    private static final int MAX_HEADER_NAME_LENGTH = 255;

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
        String raw = reader.text(node, path, "caBundlePath", false);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        String where = ConfigReader.at(path, "caBundlePath");
        try {
            Path p = Path.of(raw);
            // Checked now so that a typo is reported with the entry, not later as a TLS failure.
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

    private HeaderForwardConfig headerForward(ObjectNode node, String path) {
        ObjectNode hf = reader.object(node, path, "headerForward", false);
        if (hf == null) {
            return HeaderForwardConfig.NONE;
        }
        String hfPath = ConfigReader.at(path, "headerForward");
        reader.allowOnly(hf, hfPath, HEADER_FORWARD_FIELDS);
        Map<String, String> plain = reader.textMap(hf, hfPath, "addPlaintextHeaders");
        Map<String, String> seenLower = new HashMap<>();
        for (Map.Entry<String, String> e : plain.entrySet()) {
            String where = ConfigReader.at(ConfigReader.at(hfPath, "addPlaintextHeaders"), e.getKey());
            checkHeaderName(where, e.getKey(), seenLower);
            // The value is not echoed: a plaintext header may still hold something the user regrets.
            if (e.getValue().indexOf('\r') >= 0 || e.getValue().indexOf('\n') >= 0) {
                reader.report(where, "value must not contain line breaks");
            }
        }
        List<HeaderForwardConfig.SecretHeader> secrets = new ArrayList<>();
        ArrayNode list = reader.array(hf, hfPath, "addHeadersFromSecret", false);
        for (int i = 0; list != null && i < list.size(); i++) {
            JsonNode item = list.get(i);
            String where = ConfigReader.item(ConfigReader.at(hfPath, "addHeadersFromSecret"), i, "headerName", item);
            if (!item.isObject()) {
                reader.report(where, "must be a map with headerName and valueSecretRef, not " + ConfigReader.describe(item));
                continue;
            }
            HeaderForwardConfig.SecretHeader sh = secretHeader((ObjectNode) item, where, seenLower);
            if (sh != null) {
                secrets.add(sh);
            }
        }
        return new HeaderForwardConfig(plain, secrets);
    }

    private HeaderForwardConfig.SecretHeader secretHeader(ObjectNode item, String where, Map<String, String> seenLower) {
        reader.allowOnly(item, where, SECRET_HEADER_FIELDS);
        String header = reader.text(item, where, "headerName", true);
        if (header != null) {
            checkHeaderName(ConfigReader.at(where, "headerName"), header, seenLower);
        }
        ObjectNode ref = reader.object(item, where, "valueSecretRef", true);
        if (ref == null || header == null) {
            return null;
        }
        String refPath = ConfigReader.at(where, "valueSecretRef");
        reader.allowOnly(ref, refPath, SECRET_REF_FIELDS);
        String secretName = reader.text(ref, refPath, "name", true);
        String key = reader.text(ref, refPath, "key", true);
        if (secretName != null && !Names.isValidBackendName(secretName)) {
            reader.report(ConfigReader.at(refPath, "name"), "'" + secretName + "' is not a valid Secret name; use "
                    + Names.backendNameRule());
        }
        if (key != null && !key.matches("[-._a-zA-Z0-9]+")) {
            reader.report(ConfigReader.at(refPath, "key"), "'" + key + "' is not a valid Secret key; use letters, digits, '-', '_' and '.'");
        }
        return secretName == null || key == null ? null
                : new HeaderForwardConfig.SecretHeader(header, new HeaderForwardConfig.SecretKeyRef(secretName, key));
    }

    /** An HTTP token (RFC 9110), at most 255 characters, and not set twice in one backend. */
    private void checkHeaderName(String where, String header, Map<String, String> seenLower) {
        if (header.isEmpty() || header.length() > MAX_HEADER_NAME_LENGTH || !isToken(header)) {
            reader.report(where, "'" + header + "' is not a valid HTTP header name (1-" + MAX_HEADER_NAME_LENGTH
                    + " characters: letters, digits and !#$%&'*+-.^_`|~)");
            return;
        }
        String previous = seenLower.putIfAbsent(header.toLowerCase(Locale.ROOT), header);
        if (previous != null) {
            reader.report(where, "header '" + header + "' is already set by '" + previous
                    + "' (header names are case-insensitive); set each header once");
        }
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
