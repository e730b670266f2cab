package routes.secrets;

/** A secret that is missing or empty. The message names the reference, never a value. */
public final class SecretNotFoundException extends RuntimeException {

    public SecretNotFoundException(SecretRef ref) {
        super(ref.describe() + " is missing or empty");
    }
}
