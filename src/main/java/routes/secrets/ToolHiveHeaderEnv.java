package routes.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads ToolHive's operator contract for header forwarding from the environment: for each
 * backend, {@code TOOLHIVE_HEADER_FORWARD_<normalized name>} holds
 * {@code {"addPlaintextHeaders": {header: value}, "addHeadersFromSecret": {header: identifier}}},
 * and each identifier's value is in {@code TOOLHIVE_SECRET_<identifier>}.
 *
 * <p>Only the manifests are read here. Secret values are resolved per request through a
 * {@link SecretsProvider}, so a missing secret fails that backend's calls, not the start.
 *
 * <p>Like ToolHive, a manifest that cannot be used gives its backend no headers and reading goes
 * on; fields are matched case-insensitively and a repeated field adds to the first, as Go's
 * {@code encoding/json} does. Unlike ToolHive, every problem is reported as a warning: an unknown
 * field, a manifest for no backend, and two backends whose names normalize alike (the manifest
 * could belong to either, so neither gets it: a secret meant for one must not reach the other).
 * Warnings name variables, fields and headers, never a variable's value.
 */
public final class ToolHiveHeaderEnv {

    static final String PLAINTEXT = "addPlaintextHeaders";
    static final String FROM_SECRET = "addHeadersFromSecret";

    // Go's json.Unmarshal rejects data after the top-level value; Jackson accepts it by default
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ToolHiveHeaderEnv() {
    }

    /**
     * One backend's headers from its manifest. Header names keep the manifest's case and order.
     * toString shows header names only.
     *
     * @param plaintext  header → literal value
     * @param fromSecret header → where its value is
     */
    public record BackendHeaders(Map<String, String> plaintext, Map<String, SecretRef.Env> fromSecret) {

        public static final BackendHeaders NONE = new BackendHeaders(Map.of(), Map.of());

        public BackendHeaders {
            plaintext = Collections.unmodifiableMap(new LinkedHashMap<>(plaintext));
            fromSecret = Collections.unmodifiableMap(new LinkedHashMap<>(fromSecret));
        }

        public boolean isEmpty() {
            return plaintext.isEmpty() && fromSecret.isEmpty();
        }

        @Override
        public String toString() {
            return "BackendHeaders[plaintext=" + plaintext.keySet() + ", fromSecret=" + fromSecret + "]";
        }
    }

    /**
     * @param backends per backend name with a usable manifest, in the order the names were given
     * @param warnings one line per problem, to be logged at WARN
     */
    public record Result(Map<String, BackendHeaders> backends, List<String> warnings) {

        public Result {
            backends = Collections.unmodifiableMap(new LinkedHashMap<>(backends));
            warnings = List.copyOf(warnings);
        }

        /** The backend's headers, or {@link BackendHeaders#NONE} when it has no usable manifest. */
        public BackendHeaders forBackend(String name) {
            return backends.getOrDefault(name, BackendHeaders.NONE);
        }
    }

    /**
     * @param env          the process environment ({@code System.getenv()}; tests pass their own)
     * @param backendNames every backend the manifests may be for
     */
    public static Result read(Map<String, String> env, Collection<String> backendNames) {
        List<String> warnings = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(backendNames);
        Map<String, List<String>> bySuffix = new LinkedHashMap<>();
        for (String name : names) {
            bySuffix.computeIfAbsent(EnvNames.normalize(name), k -> new ArrayList<>()).add(name);
        }
        bySuffix.forEach((suffix, owners) -> {
            if (owners.size() > 1) {
                warnings.add(collision(suffix, owners, env.containsKey(EnvNames.MANIFEST_PREFIX + suffix)));
            }
        });

        Map<String, BackendHeaders> found = new LinkedHashMap<>();
        // sorted, so warnings come in the same order on every start
        for (String variable : new TreeSet<>(env.keySet())) {
            if (!variable.startsWith(EnvNames.MANIFEST_PREFIX)) {
                continue;
            }
            List<String> owners = bySuffix.get(variable.substring(EnvNames.MANIFEST_PREFIX.length()));
            if (owners == null) {
                warnings.add(variable + " matches no backend (the suffix must be a backend name upper-cased, with '-'"
                        + " and other characters outside A-Z 0-9 _ turned into '_'); ignored");
            } else if (owners.size() == 1) {
                BackendHeaders h = new Manifest(variable, owners.get(0), warnings).parse(env.get(variable));
                if (h != null) {
                    found.put(owners.get(0), h);
                }
            }
        }
        Map<String, BackendHeaders> ordered = new LinkedHashMap<>();
        for (String name : names) {
            if (found.containsKey(name)) {
                ordered.put(name, found.get(name));
            }
        }
        return new Result(ordered, warnings);
    }

    private static String collision(String suffix, List<String> owners, boolean manifestPresent) {
        String who = "backends " + String.join(", ", owners);
        String variable = EnvNames.MANIFEST_PREFIX + suffix;
        return manifestPresent
                ? who + " all read " + variable + " (names are normalized for env vars); it is applied to none of them:"
                        + " rename one so the names differ in letters or digits"
                : who + " normalize to the same env-var name " + suffix + "; a " + variable
                        + " manifest could not tell them apart and would be applied to none of them";
    }

    /** One manifest variable being parsed; problems go to the shared warning list. */
    private static final class Manifest {
        private final String variable;
        private final String backend;
        private final List<String> warnings;

        Manifest(String variable, String backend, List<String> warnings) {
            this.variable = variable;
            this.backend = backend;
            this.warnings = warnings;
        }

        /** The headers, or null when the manifest is unusable (warned). */
        BackendHeaders parse(String value) {
            JsonNode root;
            try {
                root = JSON.readTree(value);
            } catch (JsonProcessingException e) {
                // Jackson's message quotes the input: report only where it broke
                var at = e.getLocation();
                return reject("is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                        + at.getColumnNr() + ")"));
            }
            if (root == null || !root.isObject()) {
                return reject("is not a JSON object");
            }
            Map<String, String> plaintext = new LinkedHashMap<>();
            Map<String, SecretRef.Env> fromSecret = new LinkedHashMap<>();
            for (var it = root.fields(); it.hasNext(); ) {
                var field = it.next();
                String name = field.getKey();
                JsonNode node = field.getValue();
                if (name.equalsIgnoreCase(PLAINTEXT)) {
                    if (!readStrings(node, plaintext)) {
                        return reject("field " + PLAINTEXT + " must be an object of header names to string values");
                    }
                } else if (name.equalsIgnoreCase(FROM_SECRET)) {
                    Map<String, String> ids = new LinkedHashMap<>();
                    if (!readStrings(node, ids)) {
                        return reject("field " + FROM_SECRET + " must be an object of header names to secret identifiers");
                    }
                    for (Map.Entry<String, String> e : ids.entrySet()) {
                        try {
                            fromSecret.put(e.getKey(), new SecretRef.Env(e.getValue()));
                        } catch (IllegalArgumentException bad) {
                            // not echoed: a malformed identifier may well be a pasted value
                            return reject("header " + Quote.of(e.getKey()) + " in " + FROM_SECRET + " has an identifier"
                                    + " that cannot be part of an env var name (letters, digits, '_', '-' and '.')");
                        }
                    }
                } else {
                    warnings.add(variable + ": unknown field " + Quote.of(name) + " ignored (known: " + PLAINTEXT
                            + ", " + FROM_SECRET + ")");
                }
            }
            return new BackendHeaders(plaintext, fromSecret);
        }

        /** Adds an object of strings to {@code into}; JSON null counts as empty, as in Go. */
        private static boolean readStrings(JsonNode node, Map<String, String> into) {
            if (node.isNull()) {
                return true;
            }
            if (!node.isObject()) {
                return false;
            }
            for (var it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isTextual()) {
                    return false;
                }
                into.put(e.getKey(), e.getValue().textValue());
            }
            return true;
        }

        private BackendHeaders reject(String problem) {
            warnings.add(variable + " " + problem + "; backend " + backend + " gets no headers from it");
            return null;
        }
    }
}
