package routes.kernel;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * Whether an exchange enters one of the optional steps of the request path (the routes
 * {@code authorization}, {@code rate-limit}, {@code audit}, {@code identity-propagation},
 * {@code header-forward}, {@code outgoing-auth}); a route uses it as {@code filter: {ref: <name>}}
 * around its {@code to: direct:<step>}. A built-in step with nothing to do for the exchange (no
 * policy, no limits, no audit log, no trace context, no header or credential for this backend) is
 * passed by: entering a route costs a round of Camel's routing machinery on every call
 * ({@code bench/README.md}). A step whose route an override file replaced is always entered, so
 * the replacement runs whatever the config says.
 */
public final class StepGate implements Predicate {

    /** A step that can tell, before its route is entered, whether it has anything to do. */
    public interface Step {
        /** False only when the step's processor would leave the exchange exactly as it is. */
        boolean hasWork(Exchange exchange);
    }

    private final String routeId;
    private final Step step;
    private final java.util.function.Predicate<String> replaced;

    /**
     * @param routeId  the step's route
     * @param step     the built-in processor of that route
     * @param replaced whether a route id is currently replaced by an override file
     */
    public StepGate(String routeId, Step step, java.util.function.Predicate<String> replaced) {
        this.routeId = routeId;
        this.step = step;
        this.replaced = replaced;
    }

    @Override
    public boolean matches(Exchange exchange) {
        return step.hasWork(exchange) || replaced.test(routeId);
    }

    @Override
    public String toString() {
        return "StepGate[" + routeId + "]";
    }
}
