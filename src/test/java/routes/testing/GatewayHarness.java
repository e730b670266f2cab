package routes.testing;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.test.AvailablePortFinder;
import routes.CaravanMain;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The real gateway (camel-main, the YAML routes, the real HTTP server) started in the test JVM on
 * a free port, with a config file the test writes. Tests talk to it over HTTP only.
 */
public final class GatewayHarness implements AutoCloseable {

    private final Main main = CaravanMain.create();
    private final int port = AvailablePortFinder.getNextAvailable();
    private final int managementPort = AvailablePortFinder.getNextAvailable();
    private final Path configFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayHarness(Path configFile) {
        this.configFile = configFile;
    }

    /** Starts the gateway with this config YAML (null: demo mode) and extra properties. */
    public static GatewayHarness start(String configYaml, Map<String, String> extra) throws Exception {
        return start(configYaml, extra, null);
    }

    /**
     * As {@link #start(String, Map)}, with {@code environment} standing in for the process
     * environment (ToolHive's TOOLHIVE_* contract) when not null.
     */
    public static GatewayHarness start(String configYaml, Map<String, String> extra, Map<String, String> environment)
            throws Exception {
        Path file = null;
        if (configYaml != null) {
            file = Files.createTempFile("caravan-test", ".yaml");
            Files.writeString(file, configYaml);
        }
        GatewayHarness h = new GatewayHarness(file);
        Properties p = new Properties();
        p.setProperty("camel.server.port", String.valueOf(h.port));
        p.setProperty("camel.server.host", "127.0.0.1");
        // tests run side by side: the management server must not take the fixed default port
        p.setProperty("camel.management.port", String.valueOf(h.managementPort));
        p.setProperty("camel.management.host", "127.0.0.1");
        p.setProperty("caravan.config", file == null ? "" : file.toString());
        p.setProperty("caravan.config.poll-interval", "200");
        // tests use short probe intervals and wait for their verdicts: look for due probes often
        p.setProperty("caravan.health.max-wait", "250");
        p.setProperty("caravan.demo.port", String.valueOf(AvailablePortFinder.getNextAvailable()));
        p.putAll(extra);
        h.main.setOverrideProperties(p);
        if (environment != null) {
            h.main.bind("caravanEnvironment", Map.copyOf(environment));
        }
        h.main.start();
        return h;
    }

    public static GatewayHarness start(String configYaml) throws Exception {
        return start(configYaml, Map.of());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The management server (Camel's /observe/health, /observe/metrics). */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** A plain GET on the main port (/status, /readyz, ...) or any full URL. */
    public HttpResponse<String> get(String pathOrUrl) throws Exception {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl() + pathOrUrl;
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public String mcpUrl() {
        return baseUrl() + "/mcp";
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    /** The config file the gateway reads (null in demo mode). */
    public Path configFile() {
        return configFile;
    }

    /** Replaces the config file; the discovery timer picks it up. */
    public void rewriteConfig(String yaml) throws IOException {
        Files.writeString(configFile, yaml);
    }

    /** A raw POST to /mcp with exactly these headers (tests of the transport rules). */
    public HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(mcpUrl())).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(String method, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(mcpUrl())).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        main.stop();
        if (configFile != null) {
            Files.deleteIfExists(configFile);
        }
    }
}
