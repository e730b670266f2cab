package routes.kernel;

import routes.secrets.SecretRef;

import java.util.Objects;

/** How the gateway authenticates to one backend (ToolHive's outgoing auth strategies). */
public sealed interface AuthStrategy {

    AuthStrategy UNAUTHENTICATED = new Unauthenticated();

    /** The wire name, as in the config's {@code type}. */
    String type();

    /** True when the backend is given credentials, so a 401/403 says "wrong credentials", not "none". */
    default boolean sendsCredentials() {
        return !(this instanceof Unauthenticated);
    }

    /** The backend needs no credentials. */
    record Unauthenticated() implements AuthStrategy {
        @Override
        public String type() {
            return "unauthenticated";
        }
    }

    /**
     * One header set on every request, overwriting any forwarded header of the same name.
     *
     * @param headerName the header, validated like forwarded headers
     * @param literal    the value written in the config, or null
     * @param secret     where the value is read from on each request, or null (exactly one is set)
     */
    record HeaderInjection(String headerName, String literal, SecretRef secret) implements AuthStrategy {
        public HeaderInjection {
            Objects.requireNonNull(headerName, "headerName");
            if ((literal == null) == (secret == null)) {
                throw new IllegalArgumentException("header_injection needs exactly one of a literal value or a secret");
            }
        }

        @Override
        public String type() {
            return "header_injection";
        }

        @Override
        public String toString() {
            // the literal may be a credential: never print it
            return "HeaderInjection[" + headerName + " from " + (secret == null ? "config" : secret.describe()) + "]";
        }
    }
}
