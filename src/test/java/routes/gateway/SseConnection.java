package routes.gateway;

import routes.testing.GatewayHarness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One raw HTTP/1.1 request to the gateway's /mcp whose answer is read as it arrives, event by
 * event: the test sees exactly what went over the wire (ids, priming, retry, comments) and when
 * the server ends the stream.
 */
final class SseConnection implements AutoCloseable {

    /** One SSE block up to its blank line. Null fields were absent; {@code comment} is a ':' line. */
    record Event(String id, String data, String retry, String comment) {
    }

    private final Socket socket;
    private final InputStream in;
    final int status;
    final Map<String, String> headers = new HashMap<>();
    private final boolean chunked;
    private final StringBuilder text = new StringBuilder();
    private boolean eof;

    private SseConnection(Socket socket, int timeoutMillis) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(timeoutMillis);
        this.in = socket.getInputStream();
        String statusLine = rawLine();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String h = rawLine(); !h.isEmpty(); h = rawLine()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
    }

    static SseConnection get(GatewayHarness gw, String sessionId, String lastEventId) throws IOException {
        return open(gw, "GET", sessionId, lastEventId, null);
    }

    static SseConnection open(GatewayHarness gw, String method, String sessionId, String lastEventId, String body)
            throws IOException {
        int port = Integer.parseInt(gw.baseUrl().substring(gw.baseUrl().lastIndexOf(':') + 1));
        Socket socket = new Socket("127.0.0.1", port);
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: "
                + (body == null ? "text/event-stream" : "application/json, text/event-stream") + "\r\n"
                + (body == null ? "" : "Content-Type: application/json\r\n")
                + "Mcp-Session-Id: " + sessionId + "\r\nMCP-Protocol-Version: 2025-11-25\r\n"
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n")
                + "Content-Length: " + content.length + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(content);
        out.flush();
        return new SseConnection(socket, 30_000);
    }

    /** The next event, or null when the server ended the stream first. */
    Event next() throws IOException {
        String id = null;
        String data = null;
        String retry = null;
        String comment = null;
        boolean any = false;
        while (true) {
            String line = line();
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                if (any) {
                    return new Event(id, data, retry, comment);
                }
                continue;
            }
            any = true;
            if (line.startsWith(":")) {
                comment = line.substring(1).trim();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("retry:")) {
                retry = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                String d = line.substring(5);
                d = d.startsWith(" ") ? d.substring(1) : d;
                data = data == null ? d : data + "\n" + d;
            }
        }
    }

    /** The next event that is not a comment (heartbeats and the open line are skipped), or null at the end. */
    Event nextMessage() throws IOException {
        for (Event e = next(); ; e = next()) {
            if (e == null || e.comment() == null || e.id() != null || e.data() != null || e.retry() != null) {
                return e;
            }
        }
    }

    /** True when the server ends the stream within the socket timeout; events before the end are skipped. */
    boolean endsSoon() throws IOException {
        try {
            while (next() != null) {
                // skip what is left
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** The whole remaining body (for a non-stream answer). */
    String body() throws IOException {
        if (chunked) {
            while (fill()) {
                // collect every chunk
            }
            return text.toString();
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
        while (true) {
            int nl = text.indexOf("\n");
            if (nl >= 0) {
                String line = text.substring(0, nl);
                text.delete(0, nl + 1);
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
            if (eof || !fill()) {
                return null;
            }
        }
    }

    /** Reads the next chunk of the body into {@code text}; false at the end of the body. */
    private boolean fill() throws IOException {
        if (!chunked) {
            eof = true;
            return false;
        }
        String size = rawLine();
        if (size == null) {
            eof = true;
            return false;
        }
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
            eof = true;
            return false;
        }
        text.append(new String(in.readNBytes(n), StandardCharsets.UTF_8));
        rawLine();
        return true;
    }

    private String rawLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c == -1 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
