package routes.demo;

import java.util.Locale;
import java.util.Optional;

/** The RFC 5424 severities MCP logging uses, least severe first, so order means "at least". */
enum LogLevel {
    DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY;

    static Optional<LogLevel> parse(String wireName) {
        for (LogLevel level : values()) {
            if (level.wireName().equals(wireName)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
