package routes.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads Server-Sent Events from a byte stream as they arrive (no buffering of the whole body), per
 * the WHATWG event-stream rules: {@code data} lines joined with LF, {@code event}, {@code id},
 * {@code retry}, comments ignored, an empty line dispatches. A byte budget guards against endless
 * or huge bodies. The last event id and retry are kept for resuming a stream (MCP 2025-11-25:
 * a server may close a stream early and the client reconnects with {@code Last-Event-ID}).
 */
public final class SseReader {

    /** One dispatched event; {@code event} defaults to "message". */
    public record Event(String event, String data, String id) {
    }

    private final InputStream in;
    private final long maxBytes;
    private long consumed;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int len;
    private String lastId;
    /** The id as of the last empty line: an id in an event cut off mid-way does not count. */
    private String committedId;
    private long retryMillis = -1;

    public SseReader(InputStream in, long maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next event, or null at the end of the stream. */
    public Event next() throws IOException {
        StringBuilder data = null;
        String event = null;
        String line;
        while ((line = readLine()) != null) {
            if (line.isEmpty()) {
                committedId = lastId;
                if (data != null) {
                    return new Event(event == null ? "message" : event, data.toString(), lastId);
                }
                event = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value.length());
                    } else {
                        data.append('\n');
                    }
                    data.append(value);
                }
                case "event" -> event = value;
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastId = value;
                    }
                }
                case "retry" -> {
                    if (!value.isEmpty() && value.length() < 10 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        retryMillis = Long.parseLong(value);
                    }
                }
                default -> {
                    // unknown fields are ignored
                }
            }
        }
        // end of stream: an unterminated event is discarded, as the spec says
        return null;
    }

    /**
     * The last event id the stream set, as of the last complete event (the id a client resumes
     * after with {@code Last-Event-ID}), or null if it set none.
     */
    public String lastEventId() {
        return committedId;
    }

    /** The reconnection time the stream asked for ({@code retry}, ms), or -1 if it did not. */
    public long retryMillis() {
        return retryMillis;
    }

    private String readLine() throws IOException {
        java.io.ByteArrayOutputStream line = null;
        while (true) {
            if (pos == len) {
                len = in.read(buf);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    return line == null ? null : line.toString(StandardCharsets.UTF_8);
                }
                consumed += len;
                if (consumed > maxBytes) {
                    throw new IOException("event stream larger than " + maxBytes + " bytes");
                }
            }
            int start = pos;
            while (pos < len) {
                byte b = buf[pos];
                if (b == '\n' || b == '\r') {
                    String s = finish(line, start, pos);
                    pos++;
                    if (b == '\r') {
                        skipLf();
                    }
                    return s;
                }
                pos++;
            }
            if (line == null) {
                line = new java.io.ByteArrayOutputStream(Math.max(64, pos - start));
            }
            line.write(buf, start, pos - start);
        }
    }

    private String finish(java.io.ByteArrayOutputStream line, int start, int end) {
        if (line == null) {
            return new String(buf, start, end - start, StandardCharsets.UTF_8);
        }
        line.write(buf, start, end - start);
        return line.toString(StandardCharsets.UTF_8);
    }

    private void skipLf() throws IOException {
        if (pos == len) {
            len = in.read(buf);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return;
            }
            consumed += len;
        }
        if (buf[pos] == '\n') {
            pos++;
        }
    }
}
