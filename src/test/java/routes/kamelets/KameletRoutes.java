package routes.kamelets;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * A plain Camel context (no gateway) that loads the Kamelets from the repository's
 * {@code kamelets/} folder, as an outside integration would, and routes written in the YAML DSL.
 */
final class KameletRoutes implements AutoCloseable {

    private final CamelContext camel = new DefaultCamelContext();

    private KameletRoutes() {
    }

    /** Starts a context with these YAML routes; a Kamelet that cannot be created fails here. */
    static KameletRoutes start(String yamlRoutes) throws Exception {
        KameletRoutes r = new KameletRoutes();
        r.camel.getComponent("kamelet", KameletComponent.class).setLocation("file:kamelets");
        PluginHelper.getRoutesLoader(r.camel).loadRoutes(ResourceHelper.fromString("test-routes.yaml", yamlRoutes));
        try {
            r.camel.start();
        } catch (Exception e) {
            r.close();
            throw e;
        }
        return r;
    }

    CamelContext camel() {
        return camel;
    }

    @Override
    public void close() {
        camel.stop();
    }
}
