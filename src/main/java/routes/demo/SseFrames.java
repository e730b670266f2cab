package routes.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Writes JSON-RPC messages as Server-Sent Events, one {@code message} event each. */
final class SseFrames {

    private SseFrames() {
    }

    static String of(List<? extends JsonNode> messages) {
        StringBuilder stream = new StringBuilder();
        for (JsonNode message : messages) {
            stream.append("event: message\n");
            // Jackson writes one line, but SSE needs every line of a payload prefixed, so split anyway.
            for (String line : message.toString().split("\n", -1)) {
                stream.append("data: ").append(line).append('\n');
            }
            stream.append('\n');
        }
        return stream.toString();
    }
}
