package routes.demo;

import java.util.ArrayList;
import java.util.List;

/** A strict reader of an SSE body for tests: every event must be "event:" + "data:" lines + a blank line. */
record SseEvents(String event, String data) {

    static List<SseEvents> parse(String body) {
        List<SseEvents> events = new ArrayList<>();
        if (!body.endsWith("\n\n")) {
            throw new AssertionError("SSE body must end with a blank line: " + body);
        }
        for (String block : body.substring(0, body.length() - 2).split("\n\n", -1)) {
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n", -1)) {
                if (line.startsWith("event: ")) {
                    event = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    data.append(data.length() == 0 ? "" : "\n").append(line.substring("data: ".length()));
                } else {
                    throw new AssertionError("unexpected SSE line '" + line + "' in " + body);
                }
            }
            events.add(new SseEvents(event, data.toString()));
        }
        return events;
    }
}
