package bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection on a plain socket, used by one thread at a time. The load
 * generator talks raw HTTP so that its own cost per call is small and identical for the direct
 * and the gateway runs (no client library with its own pools, threads and timers in between).
 * Reads Content-Length, chunked and close-delimited bodies, which covers Vert.x and Node.
 */
final class HttpConnection implements Closeable {

    /** One response; header names are lower case. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private final String hostHeader;
    private final int timeoutMillis;
    private final StringBuilder line = new StringBuilder(128);
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(URI origin, int timeoutMillis) {
        this.host = origin.getHost();
        this.port = origin.getPort();
        this.hostHeader = host + ":" + port;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Sends one request and reads its whole response. A kept-alive connection that the server
     * closed while it sat idle (Node closes them after 5 s) fails before any byte of an answer
     * arrives; such a request never reached the server, so it is sent once more on a new one.
     */
    Response send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        boolean reused = socket != null;
        try {
            try {
                return exchange(method, path, headers, body);
            } catch (StaleConnection e) {
                close();
                if (!reused) {
                    throw e;
                }
                return exchange(method, path, headers, body);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Response exchange(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        if (socket == null) {
            connect();
        }
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try {
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
        } catch (IOException e) {
            throw new StaleConnection(e);
        }
        Response response = readResponse(method);
        if ("close".equalsIgnoreCase(response.header("connection"))) {
            close();
        }
        return response;
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(s.getOutputStream(), 8 * 1024);
    }

    private Response readResponse(String method) throws IOException {
        String status;
        try {
            status = readLine();
        } catch (SocketTimeoutException e) {
            throw e; // the server has the request and is slow: not a stale connection
        } catch (IOException e) {
            throw new StaleConnection(e);
        }
        if (status == null) {
            throw new StaleConnection(new EOFException("connection closed before the status line"));
        }
        int code = parseStatus(status);
        Map<String, String> headers = new HashMap<>();
        for (String h = readLine(); h != null && !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
        }
        if (code == 100) {
            return readResponse(method);
        }
        byte[] body;
        String encoding = headers.get("transfer-encoding");
        String length = headers.get("content-length");
        if ("HEAD".equals(method) || code == 204 || code == 304 || code < 200) {
            body = new byte[0];
        } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked();
        } else if (length != null) {
            body = readExactly(Integer.parseInt(length));
        } else {
            body = in.readAllBytes();
            headers.put("connection", "close");
        }
        return new Response(code, headers, body);
    }

    private static int parseStatus(String statusLine) throws IOException {
        // "HTTP/1.1 200 OK"
        int space = statusLine.indexOf(' ');
        if (!statusLine.startsWith("HTTP/") || space < 0 || statusLine.length() < space + 4) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        return Integer.parseInt(statusLine.substring(space + 1, space + 4));
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new EOFException("connection closed inside a chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                // trailers, then the empty line that ends the message
                for (String t = readLine(); t != null && !t.isEmpty(); t = readLine()) {
                    // trailers are not used by MCP
                }
                return body.toByteArray();
            }
            body.write(readExactly(size));
            readLine();
        }
    }

    private byte[] readExactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new EOFException("connection closed after " + bytes.length + " of " + n + " body bytes");
        }
        return bytes;
    }

    /** A CRLF (or LF) terminated ASCII line without the terminator; null at end of stream. */
    private String readLine() throws IOException {
        line.setLength(0);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket that failed: nothing left to release
            }
        }
        socket = null;
        in = null;
        out = null;
    }

    /** The connection failed before any answer arrived: the server did not see the request. */
    private static final class StaleConnection extends IOException {
        private static final long serialVersionUID = 1L;
        StaleConnection(IOException cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
        }
    }
}
