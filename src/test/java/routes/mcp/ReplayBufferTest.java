package routes.mcp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stream's replay buffer keeps the newest events within its count and size bounds. */
class ReplayBufferTest {

    @ParameterizedTest(name = "max {0} events, {1} chars; {2} events of 10 chars; after {3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # maxEvents | maxChars | events added | replay after | frames replayed
            100         | 100000   | 5            | 0            | 1,2,3,4,5
            100         | 100000   | 5            | 3            | 4,5
            100         | 100000   | 5            | 5            | ''
            3           | 100000   | 5            | 0            | 3,4,5
            3           | 100000   | 5            | 4            | 5
            100         | 25       | 5            | 0            | 4,5
            100         | 5        | 5            | 0            | ''
            0           | 100000   | 5            | 0            | ''
            """)
    void keepsTheNewestEventsWithinItsBounds(int maxEvents, long maxChars, int added, long after, String expected) {
        ReplayBuffer buffer = new ReplayBuffer(maxEvents, maxChars);
        for (int seq = 1; seq <= added; seq++) {
            buffer.add(seq, "event %04d".formatted(seq));
        }
        List<String> frames = buffer.after(after);
        List<String> want = new ArrayList<>();
        for (String n : expected.isEmpty() ? new String[0] : expected.split(",")) {
            want.add("event %04d".formatted(Integer.parseInt(n)));
        }
        assertEquals(want, frames);
        assertTrue(buffer.size() <= maxEvents && buffer.bytes() <= maxChars, "within bounds");
    }
}
