package routes.ui;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import routes.health.BackendHealth;
import routes.health.HealthStatus;
import routes.kernel.FailureCategory;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the public status page says instead of an error text: one row per case. */
class ErrorCategoryTest {

    @ParameterizedTest(name = "{0}, {1}, catalog failed {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "HEALTHY         | NONE       | false | none",
            "HEALTHY         | NONE       | true  | catalog",
            "DEGRADED        | RATE_LIMIT | false | rate_limit",
            "UNHEALTHY       | CONNECTION | false | connection",
            "UNHEALTHY       | TIMEOUT    | true  | timeout",
            "UNAUTHENTICATED | AUTH       | false | auth",
            "UNKNOWN         | NONE       | false | none",
            "UNKNOWN         | DNS        | false | dns",
    })
    void categoryOfABackend(HealthStatus status, FailureCategory category, boolean catalogFailed, String expected) {
        // never made from the detail: it may name a host
        BackendHealth health = new BackendHealth("b", status, 1, "is unreachable", Instant.EPOCH, Duration.ofMillis(5),
                "closed", category, null, "connect to http://10.0.0.7:8080/mcp refused");
        assertEquals(expected, BackendRows.category(health, catalogFailed));
    }
}
