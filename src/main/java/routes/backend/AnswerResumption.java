package routes.backend;

import routes.kernel.BackendException;
import routes.kernel.FailureCategory;

import java.util.concurrent.TimeUnit;

/**
 * Picks up an SSE answer that a backend closed before its response (MCP 2025-11-25: a server may
 * end the connection after a priming event, or mid-way, and let the client come back): a GET with
 * {@code Last-Event-ID} after the {@code retry} the backend asked for, read like the first answer
 * (its notifications to the same sink, in order), again and again until the response comes, all
 * within the call's deadline. Each GET goes through the pipeline like every other message.
 * A backend that keeps closing without anything new, or whose GETs keep failing, is given up on
 * with an error that says so; a refusal (405, 404, ...) ends it at once, and the request is never
 * sent again (it may have run).
 */
final class AnswerResumption {

    /** Resuming GETs that failed in a row (no connection, broken stream) before giving up. */
    static final int MAX_FAILED = 3;
    /** Resumed streams in a row that brought no new event before giving up. */
    static final int MAX_IDLE = 20;
    /** The longest pause of our own between attempts that bring nothing (the backend's retry may be longer). */
    static final long MAX_PAUSE_MILLIS = 2000;

    private AnswerResumption() {
    }

    /**
     * @param post     the request whose answer ended early
     * @param ended    its reply, with {@link BackendReply#resume()} set
     * @param deadline when the call must be answered (epoch ms)
     * @return the reply that carries the response
     */
    static BackendReply resume(OutboundSender sender, OutboundRequest post, BackendReply ended, long deadline) {
        String name = post.backend().name();
        BackendReply.Resume at = ended.resume();
        int idle = 0;
        int failed = 0;
        while (true) {
            pause(post, at.retryMillis(), idle + failed, deadline);
            OutboundRequest get = OutboundRequest.resumeAnswer(post, deadline);
            get.headers().putAll(post.headers());
            get.headers().remove("Content-Type");
            get.headers().put("Accept", "text/event-stream");
            get.headers().put("Last-Event-ID", at.lastEventId());
            if (ended.sessionId() != null) {
                // an initialize answered on a stream: the session it opened is the one to resume in
                get.headers().putIfAbsent("Mcp-Session-Id", ended.sessionId());
            }
            BackendReply reply;
            try {
                reply = sender.send(get);
            } catch (BackendException e) {
                if (e.category() == FailureCategory.TIMEOUT || ++failed > MAX_FAILED) {
                    throw e.category() == FailureCategory.TIMEOUT ? e : new BackendException(name, e.category(),
                            "closed the event stream before answering, and resuming it failed: " + reason(e.clientMessage(), e),
                            "closed the event stream before answering, and resuming it failed: " + reason(e.getMessage(), e), e);
                }
                continue;
            }
            if (!reply.ok()) {
                throw new BackendException(name, "closed the event stream before answering, and refused to resume it with HTTP "
                        + reply.status(), reply.status(), reply.retryAfter(), null);
            }
            if (reply.message() != null) {
                // the session id came with the first answer, not with a GET
                return new BackendReply(reply.status(), reply.sessionId() != null ? reply.sessionId() : ended.sessionId(),
                        reply.retryAfter(), reply.message());
            }
            failed = 0;
            BackendReply.Resume next = reply.resume();
            if (next == null) {
                // the resumed stream carried no ids: it can only be taken up again where the last one stood
                next = at;
            }
            idle = next.lastEventId().equals(at.lastEventId()) ? idle + 1 : 0;
            if (idle > MAX_IDLE) {
                throw new BackendException(name, "kept closing its event stream without answering (resumed "
                        + MAX_IDLE + " times with nothing new)");
            }
            // the reconnection time stays as set until the backend sets another
            at = new BackendReply.Resume(next.lastEventId(), next.retryMillis() >= 0 ? next.retryMillis() : at.retryMillis());
        }
    }

    /**
     * Waits the backend's retry time, and longer (up to {@link #MAX_PAUSE_MILLIS}) after attempts
     * that brought nothing, so a backend that closes at once is not asked in a tight loop.
     */
    private static void pause(OutboundRequest post, long retryMillis, int fruitless, long deadline) {
        long own = fruitless == 0 ? 0 : Math.min(MAX_PAUSE_MILLIS, 100L << Math.min(fruitless, 5));
        long pause = Math.max(Math.max(retryMillis, 0), own);
        long timeout = post.backend().timeout().toMillis();
        if (System.currentTimeMillis() + pause >= deadline) {
            String within = "did not answer within " + timeout + " ms";
            throw new BackendException(post.backend().name(), FailureCategory.TIMEOUT, within,
                    within + " (its event stream closed early and was resumed, but no answer came)", null);
        }
        try {
            TimeUnit.MILLISECONDS.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(post.backend().name(), "was still answering " + post.rpcMethod()
                    + " when the caller was interrupted");
        }
    }

    /** A BackendException's message without the "backend 'x' " prefix. */
    private static String reason(String message, BackendException e) {
        String prefix = "backend '" + e.backend() + "' ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : String.valueOf(message);
    }
}
