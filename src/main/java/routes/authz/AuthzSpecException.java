package routes.authz;

/**
 * An authorization section that cannot be compiled. {@link #key()} is the config key at fault,
 * relative to {@code incomingAuth.authz} ("policies[2]", "entitiesJson"), for the loader's message.
 */
public final class AuthzSpecException extends Exception {

    private final String key;

    public AuthzSpecException(String key, String message) {
        super(message, null, false, false);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
