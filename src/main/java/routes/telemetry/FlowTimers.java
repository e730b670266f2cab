package routes.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyNamingStrategy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.PatternHelper;
import org.apache.camel.support.RoutePolicySupport;

import java.util.ArrayList;
import java.util.List;

/**
 * Camel's route metrics ({@code camel_route_policy_seconds}, {@code camel_exchanges_*}, the names
 * and tags of camel-micrometer's route policy) for the routes that are flows; a route that is a
 * step of a timed flow gets no policy at all. camel-micrometer's factory puts its policy on every
 * route, so every route an exchange enters pays a policy call even where nothing is timed, and it
 * formats the exchange property that holds the timer sample with {@code String.format} twice per
 * exchange; here the property name is made once per route.
 */
public final class FlowTimers implements RoutePolicyFactory {

    private static final MicrometerRoutePolicyNamingStrategy NAMES = MicrometerRoutePolicyNamingStrategy.DEFAULT;

    private final MeterRegistry meters;
    private final String[] untimed;

    /** @param untimed route ids (or Camel's patterns) of steps, comma-separated; blank: every route is timed */
    public FlowTimers(MeterRegistry meters, String untimed) {
        this.meters = meters;
        this.untimed = untimed == null || untimed.isBlank() ? new String[0] : untimed.replace(" ", "").split(",");
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camel, String routeId, NamedNode route) {
        return PatternHelper.matchPatterns(routeId, untimed) ? null : new FlowTimer(meters);
    }

    /** One route's timer and counters, registered when the route is set up, removed with it. */
    private static final class FlowTimer extends RoutePolicySupport {

        private final MeterRegistry meters;
        private final List<Meter> registered = new ArrayList<>();
        private String sampleProperty;
        private Timer timer;
        private Counter total;
        private Counter succeeded;
        private Counter failed;
        private Counter failuresHandled;
        private Counter externalRedeliveries;

        FlowTimer(MeterRegistry meters) {
            this.meters = meters;
        }

        @Override
        public void onInit(Route route) {
            super.onInit(route);
            sampleProperty = "caravanFlowTimer-" + route.getId();
            timer = register(Timer.builder(NAMES.getName(route)).tags(NAMES.getTags(route))
                    .description("Route performance metrics").register(meters));
            total = counter(NAMES.getExchangesTotalName(route), "Total number of processed exchanges", route);
            succeeded = counter(NAMES.getExchangesSucceededName(route), "Number of successfully completed exchanges", route);
            failed = counter(NAMES.getExchangesFailedName(route), "Number of failed exchanges", route);
            failuresHandled = counter(NAMES.getFailuresHandledName(route), "Number of failures handled", route);
            externalRedeliveries = counter(NAMES.getExternalRedeliveriesName(route),
                    "Number of external initiated redeliveries (such as from JMS broker)", route);
        }

        private Counter counter(String name, String description, Route route) {
            return register(Counter.builder(name).tags(NAMES.getExchangeStatusTags(route)).description(description)
                    .register(meters));
        }

        private <M extends Meter> M register(M meter) {
            registered.add(meter);
            return meter;
        }

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            exchange.setProperty(sampleProperty, Timer.start(meters));
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            if (exchange.removeProperty(sampleProperty) instanceof Timer.Sample sample) {
                sample.stop(timer);
            }
            total.increment();
            if (exchange.isFailed()) {
                failed.increment();
                return;
            }
            succeeded.increment();
            if (ExchangeHelper.isFailureHandled(exchange)) {
                failuresHandled.increment();
            }
            if (exchange.isExternalRedelivered()) {
                externalRedeliveries.increment();
            }
        }

        @Override
        public void onRemove(Route route) {
            registered.forEach(meters::remove);
            registered.clear();
        }
    }
}
