package routes.health;

import routes.backend.BackendSpec;

/**
 * The one question the health model asks about outgoing auth: does the gateway send credentials
 * to this backend? A 401/403 then means the probe lacked a user's token, not that the backend is
 * unreachable (ToolHive #4935). Today every backend uses the {@code unauthenticated} strategy
 * (see routes.auth.OutgoingAuth, and BackendSpec carries no strategy), so the answer is no; when
 * the spec gains a strategy, this reads it.
 */
public final class BackendAuth {

    private BackendAuth() {
    }

    public static boolean hasOutgoingAuth(BackendSpec spec) {
        return false;
    }
}
