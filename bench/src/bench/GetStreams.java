package bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * tools/call latency through the gateway while {@code --get-streams} other client sessions each
 * hold a GET stream open, against the same load with none. The load is the echo backend at 10
 * clients; rounds alternate none / with streams in ABBA order (the streams are opened before a
 * "with" round and ended after it), so drift on the machine hits both alike. It also records the
 * gateway's platform threads with and without the streams, and whether any stream ended early.
 */
final class GetStreams {

    private static final int CLIENTS = 10;

    private GetStreams() {
    }

    static void run(Options options, Servers.Gateway gateway, Servers.Backend echo, String params, ObjectNode node)
            throws Exception {
        int n = options.getStreams();
        node.put("streams", n).put("clients", CLIENTS).put("backend", "echo").put("rounds", options.rounds())
                .put("seconds", options.duration());
        List<McpClient> load = Bench.open(gateway.url(), CLIENTS, options.timeoutMillis());
        Streams open = null;
        long endedEarly = 0;
        long threadsNone = 0, threadsWith = 0;
        try {
            LoadRun.Result warm = LoadRun.run(load, params, options.warmup(), 0);
            Report.addErrors(node.putObject("warmup").put("errors", warm.errors()), warm);
            Sampler none = new Sampler(gateway.proc(), echo.proc()), with = new Sampler(gateway.proc(), echo.proc());
            for (int round = 0; round < options.rounds(); round++) {
                boolean noneFirst = round % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    boolean withStreams = (k == 0) != noneFirst;
                    if (withStreams && open == null) {
                        open = Streams.open(gateway, n, options.timeoutMillis());
                        threadsWith = Math.max(threadsWith, gateway.proc().threads());
                    } else if (!withStreams && open != null) {
                        endedEarly += open.close();
                        open = null;
                    }
                    if (!withStreams) {
                        threadsNone = Math.max(threadsNone, gateway.proc().threads());
                    }
                    (withStreams ? with : none).run(load, params, options.duration(), 0);
                }
            }
            if (open != null) {
                endedEarly += open.close();
                open = null;
            }
            ObjectNode nn = none.toJson(node.putObject("none"), true);
            ObjectNode wn = with.toJson(node.putObject("with"), true);
            for (String p : List.of("p50", "p99")) {
                node.put(p + "Ratio", Phases.round(wn.path("latencyMs").path(p).asDouble()
                        / Math.max(1e-9, nn.path("latencyMs").path(p).asDouble())));
            }
            node.put("throughputRatio", Phases.round(wn.path("throughput").asDouble()
                    / Math.max(1e-9, nn.path("throughput").asDouble())));
            node.put("gatewayThreadsNone", threadsNone).put("gatewayThreadsWith", threadsWith)
                    .put("streamsEndedEarly", endedEarly)
                    // a stream the gateway ended while the load ran is a failure of this phase
                    .put("errors", endedEarly);
            Log.info(String.format("%d open GET streams: tools/call p50 %.3f -> %.3f ms (x%.2f), p99 %.3f -> %.3f ms (x%.2f), "
                            + "%.0f -> %.0f calls/s; gateway threads %d -> %d; %d streams ended early", n,
                    nn.path("latencyMs").path("p50").asDouble(), wn.path("latencyMs").path("p50").asDouble(),
                    node.path("p50Ratio").asDouble(), nn.path("latencyMs").path("p99").asDouble(),
                    wn.path("latencyMs").path("p99").asDouble(), node.path("p99Ratio").asDouble(),
                    nn.path("throughput").asDouble(), wn.path("throughput").asDouble(), threadsNone, threadsWith, endedEarly));
        } finally {
            if (open != null) {
                open.close();
            }
            Bench.closeAll(load);
        }
    }

    /** N client sessions, each with its GET stream open on a socket of its own. */
    private record Streams(List<McpClient> sessions, List<HttpConnection> connections, List<Socket> sockets) {

        static Streams open(Servers.Gateway gateway, int n, int timeoutMillis) throws IOException {
            Streams s = new Streams(new ArrayList<>(n), new ArrayList<>(), new ArrayList<>(n));
            try {
                // a few connections for all the initializes: the figure is about streams, not sockets
                for (int i = 0; i < 4; i++) {
                    s.connections.add(new HttpConnection(gateway.url(), timeoutMillis));
                }
                for (int i = 0; i < n; i++) {
                    McpClient c = new McpClient(s.connections.get(i % s.connections.size()), gateway.url()).initialize();
                    s.sessions.add(c);
                    s.sockets.add(get(gateway, c.sessionId(), timeoutMillis));
                }
            } catch (IOException e) {
                s.close();
                throw new IOException("cannot open GET stream " + (s.sockets.size() + 1) + " of " + n + ": "
                        + e.getMessage(), e);
            }
            return s;
        }

        /** Ends the sessions and closes the sockets; returns how many streams had already ended. */
        long close() {
            long ended = 0;
            for (Socket socket : sockets) {
                if (ended(socket)) {
                    ended++;
                }
            }
            Bench.closeAll(sessions);
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            connections.forEach(HttpConnection::close);
            return ended;
        }

        /** Whether the server ended the stream: reads what is there (heartbeats) without waiting. */
        private static boolean ended(Socket socket) {
            try {
                socket.setSoTimeout(1);
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[4096];
                while (true) {
                    if (in.read(buffer) < 0) {
                        return true;
                    }
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        /** Sends GET /mcp and reads the status line and headers; the stream stays open. */
        private static Socket get(Servers.Gateway gateway, String sessionId, int timeoutMillis) throws IOException {
            String host = gateway.url().getHost();
            int port = gateway.url().getPort();
            Socket socket = new Socket(host, port);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + gateway.url().getRawPath() + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nAccept: text/event-stream\r\nMcp-Session-Id: " + sessionId + "\r\nMCP-Protocol-Version: "
                    + McpClient.PROTOCOL_VERSION + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = line(in);
            if (!status.startsWith("HTTP/1.1 200")) {
                socket.close();
                throw new IOException("GET stream answered '" + status + "'");
            }
            while (!line(in).isEmpty()) {
                // headers
            }
            return socket;
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            if (c == -1) {
                throw new IOException("connection closed while reading the stream's head");
            }
            return b.toString();
        }
    }
}
