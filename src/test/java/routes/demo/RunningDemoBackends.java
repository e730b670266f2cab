package routes.demo;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Properties;

/** The two demo backends in a CamelContext of their own, on a free port, for one test class. */
final class RunningDemoBackends implements AutoCloseable {

    private final CamelContext context = new DefaultCamelContext();
    private final DemoBackends backends = new DemoBackends();
    private final int port;

    RunningDemoBackends() throws Exception {
        port = freePort();
        Properties overrides = new Properties();
        overrides.setProperty(DemoBackends.PORT_PROPERTY, Integer.toString(port));
        context.getPropertiesComponent().setOverrideProperties(overrides);
        context.addRoutes(backends);
        context.start();
    }

    String url(String name) {
        return DemoBackends.endpointUrl(port, name);
    }

    String baseUrl() {
        return "http://" + DemoBackends.HOST + ":" + port;
    }

    CamelContext context() {
        return context;
    }

    DemoBackends backends() {
        return backends;
    }

    @Override
    public void close() {
        context.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
