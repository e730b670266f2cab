package routes.discovery.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether an MCPServerEntry may be routed to. Under ToolHive's operator the operator validates
 * entries and Caravan only reads their {@code status.phase}; standalone, Caravan validates them
 * itself and writes their status.
 */
public interface EntryGate {

    /** Null when the entry may be used, else why not (names fields and references, never a value). */
    String problem(JsonNode entry);

    /** The entry changed or left: what was concluded about it no longer holds. */
    default void forget(String name) {
    }

    /** A full list is about to be reconciled: re-check everything the entries refer to. */
    default void forgetAll() {
    }

    /** ToolHive's rule under its operator: only an entry the operator marked Valid. */
    EntryGate OPERATOR_VALIDATED = entry -> {
        String phase = entry.path("status").path("phase").asText("");
        return phase.equals("Valid") ? null
                : "status.phase is " + (phase.isEmpty() ? "not set" : "'" + phase + "'") + ", not Valid (ToolHive's operator has not validated it)";
    };
}
