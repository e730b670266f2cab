package routes.kernel;

import com.fasterxml.jackson.databind.JsonNode;

/** The backend answered with a JSON-RPC error; the gateway hands it on to the client as it is. */
public final class BackendRpcException extends RuntimeException {

    private final String backend;
    private final int code;
    private final JsonNode data;

    public BackendRpcException(String backend, int code, String message, JsonNode data) {
        super(message, null, false, false);
        this.backend = backend;
        this.code = code;
        this.data = data;
    }

    public String backend() {
        return backend;
    }

    public int code() {
        return code;
    }

    public JsonNode data() {
        return data;
    }
}
