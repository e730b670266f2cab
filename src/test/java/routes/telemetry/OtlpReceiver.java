package routes.telemetry;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in OpenTelemetry collector: an OTLP/HTTP receiver (JDK HttpServer) that accepts
 * protobuf {@code POST /v1/traces} and {@code POST /v1/metrics}, decodes them with the OTLP proto
 * classes and keeps what came, with the headers of each request.
 */
final class OtlpReceiver implements AutoCloseable {

    /** A span as received, ids in hex as in a traceparent. */
    record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind,
                        long startNanos, Map<String, String> attributes, Map<String, String> resource) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<Metric> metrics = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                String path = exchange.getRequestURI().getPath();
                paths.add(path);
                requestHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
                if (path.equals("/v1/traces")) {
                    traces(ExportTraceServiceRequest.parseFrom(body));
                } else if (path.equals("/v1/metrics")) {
                    ExportMetricsServiceRequest.parseFrom(body).getResourceMetricsList().forEach(rm ->
                            rm.getScopeMetricsList().forEach(sm -> metrics.addAll(sm.getMetricsList())));
                }
                exchange.sendResponseHeaders(path.startsWith("/v1/") ? 200 : 404, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    private void traces(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        request.getResourceSpansList().forEach(rs -> {
            Map<String, String> resource = map(rs.getResource().getAttributesList());
            rs.getScopeSpansList().forEach(ss -> ss.getSpansList().forEach(s -> spans.add(new ReceivedSpan(
                    hex.formatHex(s.getTraceId().toByteArray()), hex.formatHex(s.getSpanId().toByteArray()),
                    s.getParentSpanId().isEmpty() ? null : hex.formatHex(s.getParentSpanId().toByteArray()),
                    s.getName(), s.getKind(), s.getStartTimeUnixNano(), map(s.getAttributesList()), resource))));
        });
    }

    private static Map<String, String> map(List<KeyValue> attributes) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        attributes.forEach(kv -> m.put(kv.getKey(), kv.getValue().hasStringValue() ? kv.getValue().getStringValue()
                : kv.getValue().toString().trim()));
        return m;
    }

    /** host:port, as ToolHive writes telemetry.endpoint */
    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return new ArrayList<>(spans);
    }

    List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    List<Metric> metrics() {
        return new ArrayList<>(metrics);
    }

    List<String> paths() {
        return new ArrayList<>(paths);
    }

    List<Map<String, List<String>>> requestHeaders() {
        return new ArrayList<>(requestHeaders);
    }

    void clear() {
        spans.clear();
        metrics.clear();
        paths.clear();
        requestHeaders.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
