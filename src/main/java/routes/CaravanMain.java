package routes;

import org.apache.camel.main.Main;

/** Starts the gateway: camel-main with the routes under classpath:routes and our beans. */
public final class CaravanMain {

    public static final String VERSION = "0.1.0";

    private CaravanMain() {
    }

    public static void main(String[] args) throws Exception {
        // no package scan: the demo backends are added only in demo mode (see CaravanConfiguration)
        Main main = new Main();
        main.configure().addConfiguration(CaravanConfiguration.class);
        main.run(args);
    }
}
