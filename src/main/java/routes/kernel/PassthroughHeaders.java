package routes.kernel;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The client request headers a request passes through to backends (ToolHive's
 * {@code passthroughHeaders}): captured at the front door into the exchange property
 * {@link #PROPERTY}, and in force for every backend message sent while that request's backend call
 * runs ({@link #during}), which the pipeline sender puts on the pipeline exchange as
 * {@link Pipeline#PASSTHROUGH_HEADERS}. They belong to one request, never to a backend session, so a
 * later request of the same client sends its own or none.
 */
public final class PassthroughHeaders {

    /** Exchange property on the front door: {@code Map<String, String>} of the captured headers. */
    public static final String PROPERTY = "caravanPassthroughHeaders";

    // the backend call runs on the request's thread from the front door to the HTTP step
    private static final ThreadLocal<Map<String, String>> CURRENT = new ThreadLocal<>();

    private PassthroughHeaders() {
    }

    /** Runs {@code call} with {@code headers} in force for the messages it sends; nothing when empty. */
    public static <T> T during(Map<String, String> headers, Supplier<T> call) {
        if (headers == null || headers.isEmpty()) {
            return call.get();
        }
        Map<String, String> outer = CURRENT.get();
        CURRENT.set(headers);
        try {
            return call.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The headers in force on this thread, or null. */
    public static Map<String, String> current() {
        return CURRENT.get();
    }
}
