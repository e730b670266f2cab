package routes.headers;

import routes.kernel.BackendException;
import routes.kernel.FailureCategory;
import routes.kernel.BackendSpec;
import routes.secrets.SecretNotFoundException;
import routes.secrets.SecretRef;
import routes.secrets.SecretsProvider;

/**
 * Reads a secret-backed header value for one request. A missing, empty or unsendable value fails
 * that backend's call with an error naming the backend, the header and where the value was looked
 * for; never the value.
 */
public final class SecretHeaderValue {

    private SecretHeaderValue() {
    }

    public static String resolve(SecretsProvider secrets, BackendSpec backend, String header, SecretRef ref) {
        String value;
        try {
            value = secrets.value(ref);
        } catch (SecretNotFoundException e) {
            // the log says where it looked (file, variable, API); the client only that it is missing
            String missing = "cannot be called: header '" + header + "' needs " + ref.describe() + ", which is missing or empty";
            throw new BackendException(backend.name(), FailureCategory.CONFIG, missing,
                    missing + " (" + e.getMessage() + ")", e);
        }
        String problem = HeaderRules.valueProblem(value);
        if (problem != null) {
            throw new BackendException(backend.name(), "cannot be called: header '" + header + "' from "
                    + ref.describe() + ": " + problem);
        }
        return value;
    }
}
