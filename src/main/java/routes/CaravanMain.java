package routes;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PackageScanResourceResolver;

/** Starts the gateway: camel-main with the routes under classpath:routes and our beans. */
public final class CaravanMain {

    public static final String VERSION = "0.1.0";

    private CaravanMain() {
    }

    public static void main(String[] args) throws Exception {
        create().run(args);
    }

    /** camel-main set up as the gateway runs: our configuration, and routes found quickly in the jar. */
    public static Main create() {
        // no package scan: the demo backends are added only in demo mode (see CaravanConfiguration)
        Main main = new Main() {
            @Override
            protected CamelContext createCamelContext() {
                CamelContext camel = super.createCamelContext();
                camel.getCamelContextExtension().addContextPlugin(PackageScanResourceResolver.class, new JarEntryScan());
                return camel;
            }
        };
        main.configure().addConfiguration(CaravanConfiguration.class);
        return main;
    }
}
