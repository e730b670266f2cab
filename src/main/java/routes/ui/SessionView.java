package routes.ui;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One client session as the status page sees it.
 *
 * @param id       the session id; the page shows only its first characters
 * @param created  when the client initialized it
 * @param lastSeen the client's last request in it
 * @param backends the backends it has a session of its own with, in name order
 */
public record SessionView(String id, Instant created, Instant lastSeen, List<String> backends) {

    public SessionView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastSeen, "lastSeen");
        backends = List.copyOf(backends);
    }
}
