package routes.secrets;

/**
 * Resolves secret references to their current values. Called per outbound request, so a rotated
 * value is used without a restart and a missing one fails only the calls that need it.
 */
public interface SecretsProvider {

    /**
     * The current value.
     *
     * @throws SecretNotFoundException when it is missing or empty; the message names the ref,
     *                                 never a value
     */
    String value(SecretRef ref);
}
