package routes.ui;

import java.time.Instant;
import java.util.Objects;

/**
 * Where the status page learns that a newer config was rejected while the last good one stays in
 * force (the config-reload tracking owns this; the page only reads it). Its {@code config.rejected}
 * field is null while there is none.
 */
@FunctionalInterface
public interface ReloadRejections {

    /** Nothing rejected is known: until a reload tracker is connected, or after a good reload. */
    ReloadRejections NONE = () -> null;

    /** The latest rejected config that is still newer than the one in force, or null. */
    Rejection latest();

    /**
     * @param at     when the newer config was read and refused
     * @param source the file it was read from
     * @param reason why, as the log says it (operator page only: it may quote the file)
     */
    record Rejection(Instant at, String source, String reason) {
        public Rejection {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
