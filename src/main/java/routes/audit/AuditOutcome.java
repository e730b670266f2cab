package routes.audit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome of one message, from its reply: ToolHive's {@code success}, {@code denied},
 * {@code error} and {@code application_error}, and Caravan's {@code rate_limited}. The gateway's own
 * refusals (429 rate limited, 403 denied) and internal errors (-32603: a backend that failed or
 * could not be reached) always count; other JSON-RPC errors and tool results with {@code isError}
 * are {@code application_error} only with detectApplicationErrors, as in ToolHive, where they
 * travel in an HTTP 200.
 */
final class AuditOutcome {

    static final String SUCCESS = "success";
    static final String RATE_LIMITED = "rate_limited";
    static final String DENIED = "denied";
    static final String ERROR = "error";
    static final String APPLICATION_ERROR = "application_error";

    /** JSON-RPC codes that mirror an HTTP status, as ToolHive's do (429 rate limited, 403 denied). */
    static final int RATE_LIMITED_CODE = 429;
    static final int DENIED_CODE = 403;
    private static final int INTERNAL_ERROR = -32603;

    private AuditOutcome() {
    }

    static String of(JsonNode reply, boolean detectApplicationErrors) {
        if (reply == null) {
            return SUCCESS;
        }
        JsonNode error = reply.get("error");
        if (error != null && error.isObject()) {
            int code = error.path("code").asInt();
            if (code == RATE_LIMITED_CODE) {
                return RATE_LIMITED;
            }
            if (code == DENIED_CODE) {
                return DENIED;
            }
            if (code == INTERNAL_ERROR) {
                return ERROR;
            }
            return detectApplicationErrors ? APPLICATION_ERROR : SUCCESS;
        }
        if (detectApplicationErrors && reply.path("result").path("isError").asBoolean(false)) {
            return APPLICATION_ERROR;
        }
        return SUCCESS;
    }
}
