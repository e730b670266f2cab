package bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts and stops the processes under test: the echo backend (routes.demo.EchoBackendMain from
 * the jar), the npm server-everything, and gateways from the jar with a generated config file.
 * Each listens on 127.0.0.1 on a free port; logs go to the run's tmp directory.
 */
final class Servers implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    private final Options options;
    private final Path tmp;
    private final List<Proc> running = new ArrayList<>();
    private int everythingStarts;
    private OtlpSink otlp;

    Servers(Options options, Path tmp) {
        this.options = options;
        this.tmp = tmp;
    }

    /** The echo backend; it also serves the generated catalog backends (gen-00 ...). */
    Backend startEcho() throws IOException, InterruptedException {
        int port = freePort();
        Proc p = track(Proc.start("echo-backend", List.of(javaOfThisJvm(), "-cp", options.jar().toString(),
                "routes.demo.EchoBackendMain", "--port", Integer.toString(port),
                "--generated", Integer.toString(options.catalogBackends()),
                "--tools", Integer.toString(options.catalogTools()), "--slow-ms", Long.toString(options.slowMillis())),
                Map.of(), tmp.resolve("echo-backend.log")));
        Backend b = new Backend("echo", p, URI.create("http://" + HOST + ":" + port + "/echo/mcp"), port);
        Ready.awaitInitialize(p, b.url(), 60);
        return b;
    }

    /** A fresh server-everything: its event store grows with every message, so each case gets a new one. */
    Backend startEverything() throws IOException, InterruptedException {
        int port = freePort();
        Proc p = track(Proc.start("server-everything", List.of(options.node().toString(),
                        options.everythingJs().toString(), "streamableHttp"),
                Map.of("PORT", Integer.toString(port)), tmp.resolve("server-everything-" + (++everythingStarts) + ".log")));
        Backend b = new Backend("everything", p, URI.create("http://" + HOST + ":" + port + "/mcp"), port);
        Ready.awaitInitialize(p, b.url(), 60);
        return b;
    }

    /**
     * Where a gateway's config goes: a folder of configs only. The gateway watches its config's folder,
     * and each write in it wakes the watch; beside the logs (server-everything writes a line per
     * session) that cost the gateway CPU a deployment's ConfigMap folder never makes it spend.
     */
    static Path configFile(Path tmp, String name) throws IOException {
        return Files.createDirectories(tmp.resolve("configs")).resolve(name);
    }

    /** Writes the gateway config (atomically: the gateway re-reads it when its folder changes). */
    void writeConfig(Path file, List<Backend> backends) throws IOException {
        StringBuilder yaml = new StringBuilder("name: caravan-bench\nbackends:\n");
        for (Backend b : backends) {
            yaml.append("  - name: ").append(b.name()).append('\n')
                    .append("    url: ").append(b.url()).append('\n')
                    .append("    transport: streamable-http\n");
        }
        yaml.append("aggregation:\n  conflictResolution: prefix\n  conflictResolutionConfig:\n")
                .append("    prefixFormat: \"{workload}_\"\n");
        if (options.tracing()) {
            yaml.append("telemetry:\n  endpoint: \"").append(otlp().endpoint()).append("\"\n  insecure: true\n")
                    .append("  tracingEnabled: true\n  samplingRate: \"1.0\"\n");
        }
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, yaml);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The catalog-size backends: gen-00 ... on the echo backend process. */
    List<Backend> generated(Backend echo) {
        List<Backend> list = new ArrayList<>();
        for (int i = 0; i < options.catalogBackends(); i++) {
            String name = String.format("gen-%02d", i);
            list.add(new Backend(name, echo.proc(), URI.create("http://" + HOST + ":" + echo.port() + "/" + name + "/mcp"),
                    echo.port()));
        }
        return list;
    }

    /** A gateway from the jar on the chosen JDK and flags; returns once the process is started. */
    Gateway startGateway(String name, Path config) throws IOException {
        return startGateway(name, config, options.jar());
    }

    /**
     * A gateway from another build's jar, with the same flags except the class-data archive: each
     * jar uses the {@code caravan.jsa} beside it (none if there is none; an archive only fits the
     * jar it was made from).
     */
    Gateway startGateway(String name, Path config, Path jar) throws IOException {
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(options.gatewayJava().toString());
        cmd.addAll(flagsFor(jar));
        cmd.addAll(List.of("-Dcamel.server.port=" + port, "-Dcamel.server.host=" + HOST,
                // gateways start one after another: a fixed management port could still be held
                "-Dcamel.management.port=" + freePort(),
                // the everything backend moves to a new port per case: pick the change up quickly
                "-Dcaravan.config.poll-interval=1000", "-jar", jar.toString()));
        Proc p = track(Proc.start(name, cmd, Map.of("CARAVAN_CONFIG", config.toAbsolutePath().toString()),
                tmp.resolve(name + ".log")));
        return new Gateway(p, URI.create("http://" + HOST + ":" + port + "/mcp"));
    }

    /**
     * A floor ({@link CamelFloor}, {@link VertxFloor}) in front of the echo backend, on the gateway's
     * JDK and flags (without the archive, which was made for the jar alone): the classes of this
     * benchmark beside the jar.
     */
    Gateway startFloor(String name, Class<?> main, Backend echo) throws IOException {
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(options.gatewayJava().toString());
        cmd.addAll(flagsFor(null));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), Integer.toString(port),
                echo.url().toString()));
        Proc p = track(Proc.start(name, cmd, Map.of(), tmp.resolve(name + ".log")));
        return new Gateway(p, URI.create("http://" + HOST + ":" + port + "/mcp"));
    }

    /** The gateway's flags, with the class-data archive beside {@code jar} (none for null, or none there). */
    private List<String> flagsFor(Path jar) {
        String archive = "-XX:SharedArchiveFile=";
        List<String> flags = new ArrayList<>();
        for (String f : options.gatewayJvmOpts()) {
            if (!f.startsWith(archive)) {
                flags.add(f);
            } else if (jar != null && jar.equals(options.jar())) {
                flags.add(f);
            } else if (jar != null && Files.isRegularFile(jar.toAbsolutePath().resolveSibling("caravan.jsa"))) {
                flags.add(archive + jar.toAbsolutePath().resolveSibling("caravan.jsa"));
            }
        }
        return flags;
    }

    synchronized void stop(Proc p) {
        p.close();
        running.remove(p);
    }

    /** Where the gateway's spans go when tracing is on: started on first use. */
    synchronized OtlpSink otlp() throws IOException {
        if (otlp == null) {
            otlp = OtlpSink.start();
        }
        return otlp;
    }

    @Override
    public synchronized void close() {
        for (Proc p : List.copyOf(running)) {
            stop(p);
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    private synchronized Proc track(Proc p) {
        running.add(p);
        return p;
    }

    private static String javaOfThisJvm() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    record Backend(String name, Proc proc, URI url, int port) {
    }

    record Gateway(Proc proc, URI url) {
    }
}
