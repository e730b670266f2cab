package routes.telemetry;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.micrometer.registry.otlp.OtlpMetricsSender;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The gateway's meters (Caravan's and Camel's route timers, the same the management port serves
 * as Prometheus text) also pushed over OTLP/HTTP to {@code <endpoint>/v1/metrics} every step: an
 * OTLP registry beside the Prometheus one under the gateway's composite registry, sending with the
 * JDK's HttpClient (the collector's CA from {@code caCertPath}, the configured headers).
 */
final class OtlpMetrics {

    private OtlpMetrics() {
    }

    static OtlpMeterRegistry start(CompositeMeterRegistry meters, OtlpTarget target, Map<String, String> resource,
                                   Duration step) {
        OtlpConfig config = new OtlpConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public String url() {
                return target.metrics();
            }

            @Override
            public Duration step() {
                return step;
            }

            @Override
            public Map<String, String> headers() {
                return target.headers();
            }

            @Override
            public Map<String, String> resourceAttributes() {
                return resource;
            }
        };
        OtlpMeterRegistry otlp = OtlpMeterRegistry.builder(config).metricsSender(new JdkSender(target)).build();
        meters.add(otlp);
        return otlp;
    }

    /** One POST of an encoded {@code ExportMetricsServiceRequest}; a failure is the registry's to log. */
    private static final class JdkSender implements OtlpMetricsSender {

        private final HttpClient http;

        JdkSender(OtlpTarget target) {
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
            if (target.tls() != null) {
                b.sslContext(target.tls().context());
            }
            this.http = b.build();
        }

        @Override
        public void send(Request request) throws IOException, InterruptedException {
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(request.getAddress()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getMetricsData()));
            request.getHeaders().forEach(post::header);
            HttpResponse<String> response = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                // the collector's answer, never the request's headers (they may hold an API key)
                throw new IOException("OTLP metrics export to " + request.getAddress() + " answered "
                        + response.statusCode() + ": " + abbreviate(response.body()));
            }
        }

        private static String abbreviate(String body) {
            return body.length() <= 200 ? body : body.substring(0, 200) + "...";
        }
    }
}
