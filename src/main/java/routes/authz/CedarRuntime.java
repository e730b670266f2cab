package routes.authz;

import com.cedarpolicy.BasicAuthorizationEngine;

/**
 * Loads cedar-java's native evaluator once. The library comes from {@code CEDAR_JAVA_FFI_LIB} when
 * set (the container image ships it unpacked there, because its root and /tmp are read-only);
 * otherwise cedar-java unpacks it from its jar into {@code jne.extract.dir}, by default
 * {@code java.io.tmpdir}. A failure is kept and reported as the reason Cedar cannot be used, so a
 * config asking for Cedar is refused at load with it, never at the first call.
 */
final class CedarRuntime {

    static final String LIBRARY_ENV = "CEDAR_JAVA_FFI_LIB";

    private static BasicAuthorizationEngine engine;
    private static String failure;

    private CedarRuntime() {
    }

    /** The engine, loading the library on first use. */
    static synchronized BasicAuthorizationEngine engine() throws AuthzSpecException {
        if (engine == null && failure == null) {
            try {
                engine = new BasicAuthorizationEngine();
            } catch (Throwable e) {
                // UnsatisfiedLinkError or ExceptionInInitializerError: the class is unusable from here on
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                failure = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
        }
        if (engine == null) {
            throw new AuthzSpecException("type", "cedar: the Cedar engine (cedar-java's native library) cannot be loaded"
                    + " here (" + failure + "). Set " + LIBRARY_ENV + " to an unpacked libcedar_java_ffi.so (the"
                    + " container image sets it), or give the JVM a writable java.io.tmpdir or -Djne.extract.dir");
        }
        return engine;
    }
}
