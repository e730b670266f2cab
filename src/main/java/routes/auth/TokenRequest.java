package routes.auth;

import routes.kernel.BackendSpec;

import java.net.URI;
import java.util.Map;

/**
 * One call to an OAuth token endpoint, as the {@code token-endpoint} route receives it (its body):
 * the form to post, and the client credentials to send with HTTP Basic (RFC 6749 §2.3.1, as ToolHive
 * does). {@link #toString()} names neither the client secret nor the subject token.
 *
 * @param backend      the backend the token is for (names it in errors, lends its CA bundle to TLS)
 * @param grant        "token exchange" or "client credentials", for messages
 * @param tokenUrl     the token endpoint
 * @param form         the form fields, in order
 * @param clientId     the client id for HTTP Basic, or null
 * @param clientSecret the client secret for HTTP Basic, or null
 */
public record TokenRequest(BackendSpec backend, String grant, URI tokenUrl, Map<String, String> form, String clientId,
                           String clientSecret) {

    @Override
    public String toString() {
        return "TokenRequest[" + grant + " for backend '" + backend.name() + "' at " + tokenUrl.getHost() + "]";
    }
}
