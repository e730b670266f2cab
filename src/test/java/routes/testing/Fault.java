package routes.testing;

import java.time.Duration;

/**
 * A way for a fixture backend to misbehave. Build one with the factories and hand it to
 * {@link FixtureBackend#fault(Fault, String...)}.
 */
public sealed interface Fault {

    /** Status 200, {@code Content-Type: application/json}, and a body that is not JSON. */
    static Fault garbage() {
        return new Garbage();
    }

    /** This HTTP status with a short text body. */
    static Fault status(int status) {
        return new Status(status, null);
    }

    /** This HTTP status with a {@code Retry-After} header (seconds or an HTTP date, sent as given). */
    static Fault status(int status, String retryAfter) {
        return new Status(status, retryAfter);
    }

    /** Holds the request this long, then answers it normally (released early when the backend stops). */
    static Fault hang(Duration duration) {
        return new Hang(duration);
    }

    /** A well-formed JSON-RPC success, but for another request's id (987654321). */
    static Fault wrongId() {
        return new WrongId();
    }

    record Garbage() implements Fault {
    }

    record WrongId() implements Fault {
    }

    record Status(int status, String retryAfter) implements Fault {
        public Status {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("not an HTTP status: " + status);
            }
        }
    }

    record Hang(Duration duration) implements Fault {
    }
}
