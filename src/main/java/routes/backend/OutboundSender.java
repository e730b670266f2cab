package routes.backend;

/** Sends one outbound request through the pipeline routes and returns the decoded reply. */
@FunctionalInterface
public interface OutboundSender {

    BackendReply send(OutboundRequest request);
}
