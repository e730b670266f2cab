package routes.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A key of the loaded config that is accepted but changes nothing in Caravan, with the reason.
 *
 * @param key    the key's path, with {@code []} for any list item ({@code backends[].metadata})
 * @param reason why it has no effect, in a few words
 */
public record InertKey(String key, String reason) {

    public InertKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return key + " (" + reason + ")";
    }

    /**
     * The one start-up line that lists them all, e.g. {@code config keys with no effect in Caravan:
     * metadata (labels only), ...}; empty when there are none.
     */
    public static Optional<String> logLine(List<InertKey> keys) {
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(keys.stream().map(InertKey::toString)
                .collect(Collectors.joining(", ", "config keys with no effect in Caravan: ", "")));
    }
}
