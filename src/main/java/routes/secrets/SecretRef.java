package routes.secrets;

import java.util.regex.Pattern;

/**
 * Where a secret value lives. A reference never holds the value itself, so it is safe to log,
 * to put in an error message and to keep in the config model.
 */
public sealed interface SecretRef permits SecretRef.Env, SecretRef.Key, SecretRef.Variable {

    /** For errors and logs: {@code env TOOLHIVE_SECRET_X} or {@code secret name/key}; never a value. */
    String describe();

    /**
     * ToolHive's operator contract: the value is in the environment variable
     * {@code TOOLHIVE_SECRET_<identifier>}.
     *
     * @param identifier the part after {@code TOOLHIVE_SECRET_}; the characters Kubernetes allows in
     *                   an env var name ({@code A-Z a-z 0-9 _ - .}), as anything else cannot be set
     *                   on a pod
     */
    record Env(String identifier) implements SecretRef {

        private static final Pattern IDENTIFIER = Pattern.compile("[-._a-zA-Z0-9]+");

        public Env {
            if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
                // not echoed: a malformed identifier may well be a pasted value
                throw new IllegalArgumentException("a secret identifier must be one or more letters, digits, '_', '-'"
                        + " or '.', to form the environment variable name " + EnvNames.SECRET_PREFIX + "<identifier>");
            }
        }

        /** The environment variable that holds the value. */
        public String variable() {
            return EnvNames.SECRET_PREFIX + identifier;
        }

        @Override
        public String describe() {
            return "env " + variable();
        }
    }

    /**
     * A key of a Kubernetes Secret in the gateway's namespace, read from the mounted Secret folder
     * ({@code <dir>/<name>/<key>}) or through the Kubernetes API. Both parts are checked against
     * Kubernetes' own rules, which also keeps the file path inside the folder: a name has no '/'
     * and a key is never {@code .}, {@code ..} or a {@code ..}-prefixed entry such as {@code ..data}.
     *
     * @param name the Secret's name (DNS-1123 subdomain)
     * @param key  the key inside the Secret's data
     */
    record Key(String name, String key) implements SecretRef {

        private static final int MAX_LENGTH = 253;
        private static final Pattern NAME =
                Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
        private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");

        public Key {
            if (name == null || name.length() > MAX_LENGTH || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Secret name " + Quote.of(name)
                        + " is not a valid Kubernetes Secret name (lower-case letters, digits, '-' and '.',"
                        + " starting and ending with a letter or digit, at most " + MAX_LENGTH + " characters)");
            }
            if (key == null || key.length() > MAX_LENGTH || !KEY.matcher(key).matches() || key.startsWith("..")
                    || key.equals(".")) {
                throw new IllegalArgumentException("Secret key " + Quote.of(key) + " of Secret " + name
                        + " is not a valid Kubernetes Secret key (letters, digits, '-', '_' and '.', at most "
                        + MAX_LENGTH + " characters, not '.' and not starting with '..')");
            }
        }

        @Override
        public String describe() {
            return "secret " + name + "/" + key;
        }
    }

    /**
     * Any environment variable, by its full name: outgoing auth's {@code headerValueEnv}, as in
     * ToolHive's header_injection.
     *
     * @param name a POSIX environment variable name
     */
    record Variable(String name) implements SecretRef {

        private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

        public Variable {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(Quote.of(name) + " is not an environment variable name"
                        + " (letters, digits and '_', not starting with a digit)");
            }
        }

        @Override
        public String describe() {
            return "env " + name;
        }
    }
}
