package routes.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import routes.kernel.CallerIdentity;

/**
 * A compiled authorization decision. Thread-safe; made once per config.
 */
public interface Policy {

    /**
     * May this caller use this thing?
     *
     * @param name       the advertised tool or prompt name, or the resource URI (URI template in lists)
     * @param definition the thing as the lists show it (a tool's annotations matter to Cedar), or null
     * @param arguments  the call's arguments (tools/call, prompts/get), or null
     */
    boolean allows(CallerIdentity caller, Feature feature, String name, ObjectNode definition, JsonNode arguments);

    /**
     * What of the caller the decisions depend on: two callers with equal keys get the same answers
     * (without arguments), so a filtered list is computed once per key.
     */
    Object callerKey(CallerIdentity caller);

    /** True when a decision may depend on the call's arguments (then calls are not cached). */
    boolean readsArguments();

    /** True when a decision is costly enough to cache per caller key (Cedar goes through JNI and JSON). */
    boolean cacheDecisions();

    /** Everything allowed: type none. */
    Policy ALLOW_ALL = new Policy() {
        @Override
        public boolean allows(CallerIdentity caller, Feature feature, String name, ObjectNode definition, JsonNode arguments) {
            return true;
        }

        @Override
        public Object callerKey(CallerIdentity caller) {
            return Boolean.TRUE;
        }

        @Override
        public boolean readsArguments() {
            return false;
        }

        @Override
        public boolean cacheDecisions() {
            return false;
        }
    };
}
