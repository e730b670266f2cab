package routes.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Go's duration syntax, as users and ToolHive's operator (time.Duration.String()) write it. */
class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
            // as people write them
            "500ms,   500",
            "30s,     30000",
            "1m,      60000",
            "1h30m,   5400000",
            "1.5s,    1500",
            "1.5h,    5400000",
            "2m30s,   150000",
            "250us,   0.25",
            // as the operator renders them (Go's String())
            "1m0s,    60000",
            "1h30m0s, 5400000",
            "2h0m0s,  7200000",
            "1m0.5s,  60500",
            "0s,      0",
            "1µs,     0.001",
            // the rest of Go's grammar
            "1μs,     0.001",
            "0,       0",
            ".5s,     500",
            "1.s,     1000",
            "+5s,     5000",
            "1h1m1s1ms1us1ns, 3661001.001001"})
    void parsesGoDurations(String text, double millis) {
        assertEquals(Duration.ofNanos(Math.round(millis * 1_000_000)), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "PT30S", "1d", "5 s", "s", ".s", "10sec", "1m 0s", "00:30"})
    void rejectsOtherSyntax(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertTrue(e.getMessage().contains("is not a duration such as"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5s", "-1m0s"})
    void refusesNegativeDurationsSayingSo(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertTrue(e.getMessage().contains("is negative"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} formats as {1}")
    @CsvSource({"500, 500ms", "30000, 30s", "90000, 1m30s", "3600000, 1h", "1500, 1500ms"})
    void formatsBackIntoTheSameSyntax(long millis, String text) {
        assertEquals(text, Durations.format(Duration.ofMillis(millis)));
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }
}
