package routes.secrets;

/** Resolves secret references to their current values. */
public interface SecretsProvider {

    /** The current value; throws SecretNotFoundException when it is missing or empty. */
    String value(SecretRef ref);
}
