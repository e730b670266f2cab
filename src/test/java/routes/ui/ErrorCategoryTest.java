package routes.ui;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.health.BackendHealth;
import routes.health.HealthStatus;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the public status page says instead of an error text: one row per case. */
class ErrorCategoryTest {

    @ParameterizedTest(name = "{0}, {1} failures, circuit {2}, catalog failed {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "HEALTHY         | 0 | closed    | false | none",
            "HEALTHY         | 0 | disabled  | true  | catalog fetch failed",
            "DEGRADED        | 0 | closed    | false | slow, throttled or recovering",
            "UNHEALTHY       | 3 | closed    | false | unreachable or failing",
            "UNHEALTHY       | 5 | open      | false | circuit open",
            "UNAUTHENTICATED | 3 | disabled  | false | authentication refused",
            "UNKNOWN         | 0 | disabled  | false | none",
            "UNKNOWN         | 1 | disabled  | false | failing",
            "UNKNOWN         | 0 | disabled  | true  | catalog fetch failed",
    })
    void categoryOfABackend(HealthStatus status, int failures, String circuit, boolean catalogFailed, String expected) {
        // the reason text is never what the category is made of: it may name a host
        BackendHealth health = new BackendHealth("b", status, failures, "connect to http://10.0.0.7:8080/mcp refused",
                Instant.EPOCH, Duration.ofMillis(5), circuit);
        assertEquals(expected, BackendRows.category(health, catalogFailed));
    }
}
