package routes.config;

import routes.secrets.SecretRef;

import java.util.List;
import java.util.Map;

/**
 * Headers that the gateway adds to every request it sends to one backend, in ToolHive's
 * {@code headerForward} shape. Only references to secrets are held here, never their values.
 *
 * @param addPlaintextHeaders  header name → literal value (not secret; visible in the config)
 * @param addHeadersFromSecret headers whose value is read from a Kubernetes Secret key
 */
public record HeaderForwardConfig(Map<String, String> addPlaintextHeaders, List<SecretHeader> addHeadersFromSecret) {

    public static final HeaderForwardConfig NONE = new HeaderForwardConfig(Map.of(), List.of());

    public HeaderForwardConfig {
        addPlaintextHeaders = ConfigCollections.orderedCopy(addPlaintextHeaders);
        addHeadersFromSecret = addHeadersFromSecret == null ? List.of() : List.copyOf(addHeadersFromSecret);
    }

    public boolean isEmpty() {
        return addPlaintextHeaders.isEmpty() && addHeadersFromSecret.isEmpty();
    }

    /** One header whose value comes from {@code valueSecretRef}, a key of a Secret in the gateway's namespace. */
    public record SecretHeader(String headerName, SecretRef.Key valueSecretRef) {
    }
}
