package routes.registry;

import routes.kernel.BackendSpec;

import java.util.Objects;

/**
 * One backend name whose served spec a registry write changed.
 *
 * @param kind   added (no spec before), changed (another spec now) or removed (no spec now)
 * @param name   the backend name
 * @param before the spec served before the write, or null when added
 * @param after  the spec served after the write, or null when removed
 */
public record RegistryEvent(Kind kind, String name, BackendSpec before, BackendSpec after) {

    public enum Kind { ADDED, CHANGED, REMOVED }

    public RegistryEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if ((before == null) != (kind == Kind.ADDED) || (after == null) != (kind == Kind.REMOVED)) {
            throw new IllegalArgumentException(kind + " event for '" + name + "' with before=" + before + ", after=" + after);
        }
    }

    /** The event for a name served as {@code before} and now as {@code after} (either may be null), or null if equal. */
    static RegistryEvent between(String name, BackendSpec before, BackendSpec after) {
        if (Objects.equals(before, after)) {
            return null;
        }
        Kind kind = before == null ? Kind.ADDED : after == null ? Kind.REMOVED : Kind.CHANGED;
        return new RegistryEvent(kind, name, before, after);
    }
}
