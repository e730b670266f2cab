package routes.backend;

/** Identity the gateway shows backends as an MCP client. */
final class Caravan {

    static final String VERSION = "0.1.0";

    private Caravan() {
    }
}
