package routes.discovery.kubernetes;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What validating one MCPServerEntry found: the phase and the conditions to write to its status,
 * or, when the API server could not be read, "unknown: keep the last status" (ToolHive requeues
 * without touching the conditions). No message holds a Secret value.
 *
 * @param name       the entry's name
 * @param generation the entry's {@code metadata.generation} that was validated (0 when absent)
 * @param phase      {@link #VALID} or {@link #FAILED}; null when unknown
 * @param message    one sentence for the log: why it failed, or why it is unknown
 * @param conditions the validation conditions in ToolHive's order; empty when unknown
 * @param unknown    the API server could not answer (5xx, timeout, refused, 403): change nothing
 */
public record EntryVerdict(String name, long generation, String phase, String message, List<Condition> conditions,
                           boolean unknown) {

    public static final String VALID = "Valid";
    public static final String FAILED = "Failed";

    /** Condition types this validation owns: written when present in a verdict, removed when absent. */
    public static final Set<String> OWNED_TYPES = Set.of("Valid", "RemoteURLValidated", "GroupRefValidated",
            "ExternalAuthConfigValidated", "CABundleRefValidated", "HeaderSecretRefsValidated");

    /**
     * One status condition as ToolHive writes it.
     *
     * @param type    e.g. RemoteURLValidated
     * @param status  "True" or "False"
     * @param reason  a CamelCase reason, e.g. HeaderSecretNotFound
     * @param message what was found, naming the field or the missing Secret/key, never a value
     */
    public record Condition(String type, String status, String reason, String message) {

        public Condition {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
            message = message == null ? "" : message;
        }

        public static Condition ok(String type, String reason, String message) {
            return new Condition(type, "True", reason, message);
        }

        public static Condition failed(String type, String reason, String message) {
            return new Condition(type, "False", reason, message);
        }

        public boolean isTrue() {
            return "True".equals(status);
        }
    }

    public EntryVerdict {
        conditions = List.copyOf(conditions);
    }

    /** The API server did not answer: keep whatever status the entry has. */
    public static EntryVerdict unknown(String name, long generation, String why) {
        return new EntryVerdict(name, generation, null, why, List.of(), true);
    }

    /** Valid: the entry may be routed. */
    public boolean valid() {
        return !unknown && VALID.equals(phase);
    }

    /** The condition of this type, or null when the verdict has none. */
    public Condition condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
    }
}
