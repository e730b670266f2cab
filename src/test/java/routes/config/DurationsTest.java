package routes.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
            "500ms, 500",
            "30s,   30000",
            "1m,    60000",
            "1h30m, 5400000",
            "1.5s,  1500",
            "2m30s, 150000",
            "250us, 0.25",
            "0s,    0"})
    void parsesGoDurations(String text, double millis) {
        assertEquals(Duration.ofNanos((long) (millis * 1_000_000)), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "PT30S", "-5s", "1d", "5 s", "s", "1.s", "10sec"})
    void rejectsOtherSyntax(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }

    @ParameterizedTest(name = "{0} formats as {1}")
    @CsvSource({"500, 500ms", "30000, 30s", "90000, 1m30s", "3600000, 1h", "1500, 1500ms"})
    void formatsBackIntoTheSameSyntax(long millis, String text) {
        assertEquals(text, Durations.format(Duration.ofMillis(millis)));
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }
}
