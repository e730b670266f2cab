package bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OTLP/HTTP receiver that accepts and counts what the gateway exports (spans, metrics) and keeps
 * nothing: enough for the gateway to pay the full cost of tracing, export included, in a run.
 */
final class OtlpSink implements AutoCloseable {

    private final HttpServer server;
    private final AtomicLong exports = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private OtlpSink(HttpServer server) {
        this.server = server;
    }

    static OtlpSink start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(Servers.HOST, 0), 0);
        OtlpSink sink = new OtlpSink(server);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                sink.bytes.addAndGet(in.transferTo(java.io.OutputStream.nullOutputStream()));
            }
            sink.exports.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.start();
        return sink;
    }

    /** host:port, as the config's telemetry.endpoint takes it. */
    String endpoint() {
        return Servers.HOST + ":" + server.getAddress().getPort();
    }

    long exports() {
        return exports.get();
    }

    long bytes() {
        return bytes.get();
    }

    @Override
    public void close() {
        // says that tracing really ran: spans arrived
        System.out.println("bench: the OTLP sink received " + exports + " export(s), " + bytes + " bytes");
        server.stop(0);
    }
}
