package routes.backend;

import java.util.function.BooleanSupplier;

/**
 * The client's way to stop one backend call: it cancelled the request, or went away. Made by the
 * front door for each forwarded request and handed down with the call; the decoder reading the
 * answer registers how to cut it off, so a cancel frees the waiting call at once (the session then
 * tells the backend with notifications/cancelled). Thread-safe; cancelling twice changes nothing.
 */
public final class Cancellation {

    private final BooleanSupplier clientGone;
    private volatile String reason;
    private Runnable abort;

    /** @param clientGone true once the client's connection closed (checked by the deadline sweep) */
    public Cancellation(BooleanSupplier clientGone) {
        this.clientGone = clientGone;
    }

    /** Stops the call; the first reason counts. */
    public void cancel(String why) {
        Runnable a;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
            a = abort;
        }
        if (a != null) {
            a.run();
        }
    }

    public boolean cancelled() {
        return reason != null;
    }

    /** Why the call was cancelled, or null. */
    public String reason() {
        return reason;
    }

    /** Cancels the call if its client has gone; called from the deadline sweep, never on the request path. */
    void checkClient() {
        if (reason == null && clientGone.getAsBoolean()) {
            cancel("the client disconnected");
        }
    }

    /** How to cut off the answer being read now (null when done); runs at once if already cancelled. */
    void onCancel(Runnable cutOff) {
        boolean now;
        synchronized (this) {
            abort = cutOff;
            now = reason != null && cutOff != null;
        }
        if (now) {
            cutOff.run();
        }
    }
}
