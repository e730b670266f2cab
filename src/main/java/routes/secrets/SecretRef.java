package routes.secrets;

/** Where a secret value lives; never the value itself, so it is safe to log and compare. */
public sealed interface SecretRef {

    /** For errors and logs. */
    String describe();

    /** ToolHive's operator contract: the value is in env {@code TOOLHIVE_SECRET_<identifier>}. */
    record Env(String identifier) implements SecretRef {
        @Override
        public String describe() {
            return "env TOOLHIVE_SECRET_" + identifier;
        }
    }

    /** A key of a Kubernetes Secret: a mounted Secret folder or the API. */
    record Key(String name, String key) implements SecretRef {
        @Override
        public String describe() {
            return "secret " + name + "/" + key;
        }
    }

    /** Any environment variable, by its full name (outgoing auth's {@code headerValueEnv}). */
    record Variable(String name) implements SecretRef {
        @Override
        public String describe() {
            return "env " + name;
        }
    }
}
