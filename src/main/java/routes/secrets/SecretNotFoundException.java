package routes.secrets;

/**
 * No usable value for a secret reference: it is missing, empty, or could not be read. The
 * message names the reference and the reason, never a value; the caller adds the backend and
 * header it was resolving for.
 */
public final class SecretNotFoundException extends RuntimeException {

    private final transient SecretRef ref;
    private final String reason;

    public SecretNotFoundException(SecretRef ref, String reason) {
        this(ref, reason, null);
    }

    /** {@code cause} must not carry a value either (an I/O or API error, not a parse error of the value). */
    public SecretNotFoundException(SecretRef ref, String reason, Throwable cause) {
        super(ref.describe() + " not found: " + reason, cause);
        this.ref = ref;
        this.reason = reason;
    }

    /** Where the value was looked for and what was found there, without the reference. */
    public String reason() {
        return reason;
    }

    /** The reference that could not be resolved. */
    public SecretRef ref() {
        return ref;
    }
}
