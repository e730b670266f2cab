package routes.secrets;

import java.util.Map;

/**
 * Secrets from the environment, ToolHive's contract: {@code TOOLHIVE_SECRET_<identifier>}, and
 * outgoing auth's {@code headerValueEnv} variables. The
 * variables are copied once: a process's environment cannot change after it starts (which is why
 * ToolHive needs a pod restart to see a rotated Secret; the file and Kubernetes sources do not).
 */
final class EnvSecretSource {

    private final Map<String, String> env;

    EnvSecretSource(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    String value(SecretRef.Env ref) {
        return value(ref, ref.variable());
    }

    String value(SecretRef.Variable ref) {
        return value(ref, ref.name());
    }

    private String value(SecretRef ref, String variable) {
        String v = SecretText.clean(env.get(variable));
        if (v == null) {
            throw new SecretNotFoundException(ref, "the variable is unset or empty");
        }
        return v;
    }
}
