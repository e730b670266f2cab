package routes.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a ToolHive vMCP config file (YAML, or JSON when the name ends in {@code .json}) strictly:
 * unknown fields, wrong types, missing required fields, bad URLs, names and durations, and
 * references to backends that do not exist are all errors. Every problem of the file is reported
 * in one {@link ConfigException}, each naming the entry and the field. Every key of ToolHive's config
 * is known: implemented, refused with a message of its own, or accepted with no effect and listed in
 * {@link GatewayConfig#inertKeys()} ({@link ToolHiveKeys} says which).
 *
 * <p>Thread-safe and stateless; call it again to reload.
 */
public final class ConfigLoader {

    private static final List<String> TOP_LEVEL_FIELDS;

    static {
        List<String> fields = new ArrayList<>(List.of("name", "groupRef", "backends", "incomingAuth", "outgoingAuth",
                "aggregation", "operational", "metadata", "telemetry", "rateLimiting", "audit", "passthroughHeaders"));
        fields.addAll(DeferredSections.KEYS);
        TOP_LEVEL_FIELDS = List.copyOf(fields);
    }

    // A key written twice would otherwise silently keep the last value.
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfigLoader() {
    }

    /** Reads and validates one config file. */
    public static GatewayConfig load(Path file) throws ConfigException {
        String source = file.toString();
        String text;
        if (Files.notExists(file)) {
            throw ConfigException.missing(source);
        }
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(source, List.of("cannot read the file (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); check the path and its permissions"));
        }
        return parse(text, source);
    }

    /**
     * Validates config text. {@code sourceName} is used in messages and picks the syntax: JSON when
     * it ends in {@code .json}, YAML otherwise.
     */
    public static GatewayConfig parse(String text, String sourceName) throws ConfigException {
        boolean json = sourceName.toLowerCase(Locale.ROOT).endsWith(".json");
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName, List.of(syntaxError(e, json)));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(sourceName, List.of("the file is empty; expected a map with at least name and"
                    + " backends (static mode) or groupRef (dynamic mode)"));
        }
        if (!root.isObject()) {
            throw new ConfigException(sourceName, List.of("the top level must be a map of settings, not "
                    + ConfigReader.describe(root)));
        }
        ConfigReader reader = new ConfigReader();
        GatewayConfig config = read((ObjectNode) root, reader, sourceName);
        if (!reader.problems().isEmpty()) {
            throw new ConfigException(sourceName, reader.problems());
        }
        return config;
    }

    private static GatewayConfig read(ObjectNode root, ConfigReader reader, String source) {
        reader.allowOnly(root, "", TOP_LEVEL_FIELDS);
        String name = reader.text(root, "", "name", true);
        String groupRef = reader.text(root, "", "groupRef", false);
        BackendsSection backendsSection = new BackendsSection(reader);
        List<BackendConfig> backends = backendsSection.read(reader.array(root, "", "backends", false));
        Set<String> declared = backendsSection.declaredNames();
        if (declared.isEmpty() && (groupRef == null || groupRef.isBlank())) {
            // Without static backends the gateway discovers the group's members; it needs the group.
            reader.report("groupRef", "is required when no backends are listed (dynamic discovery needs the"
                    + " MCPGroup name); otherwise add backends[]");
        }
        IncomingAuthSection incomingSection = new IncomingAuthSection(reader);
        IncomingAuthConfig incomingAuth = incomingSection.read(reader.object(root, "", "incomingAuth", false));
        AggregationConfig aggregation = new AggregationSection(reader, declared)
                .read(reader.object(root, "", "aggregation", false));
        OutgoingAuthConfig outgoingAuth = new OutgoingAuthSection(reader, declared)
                .read(reader.object(root, "", "outgoingAuth", false));
        OperationalConfig operational = new OperationalSection(reader, declared)
                .read(reader.object(root, "", "operational", false));
        Map<String, String> metadata = reader.textMap(root, "", "metadata");
        if (root.hasNonNull("metadata")) {
            reader.inert("metadata", ToolHiveKeys.METADATA);
        }
        new DeferredSections(reader).read(root);
        List<String> passthrough = new PassthroughHeadersSection(reader)
                .read(reader.array(root, "", "passthroughHeaders", false), backends);
        TelemetryConfig telemetry = new TelemetrySection(reader).read(reader.object(root, "", "telemetry", false));
        RateLimitConfig rateLimiting = new RateLimitSection(reader).read(reader.object(root, "", "rateLimiting", false));
        AuditConfig audit = new AuditSection(reader).read(reader.object(root, "", "audit", false), name);
        if (!reader.problems().isEmpty()) {
            return null;
        }
        return new GatewayConfig(source, name, groupRef, backends, aggregation, outgoingAuth, operational, metadata, telemetry,
                reader.inertKeys(), rateLimiting, audit, incomingAuth, incomingSection.authz(), passthrough);
    }

    private static String syntaxError(JsonProcessingException e, boolean json) {
        JsonLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 1 ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
        return where + "not valid " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage();
    }
}
