package routes.telemetry;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Camel's route metrics for the flows, by camel-micrometer's names, and nothing for their steps. */
class FlowTimersTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void start() throws Exception {
        camel.addRoutePolicyFactory(new FlowTimers(meters, "step, other-*"));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:flow").routeId("flow").to("direct:step");
                from("direct:step").routeId("step").filter(body().isEqualTo("fail")).throwException(new IllegalStateException("x"));
                from("direct:other").routeId("other-step").log("other");
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private double count(String name, String routeId) {
        var counter = meters.find(name).tag("routeId", routeId).counter();
        return counter == null ? -1 : counter.count();
    }

    @Test
    void aFlowIsTimedAndCountedUnderCamelsNamesItsStepsAreNot() {
        ProducerTemplate template = camel.createProducerTemplate();
        template.sendBody("direct:flow", "ok");
        template.sendBody("direct:flow", "ok");
        assertThrows(Exception.class, () -> template.sendBody("direct:flow", "fail"));
        template.sendBody("direct:other", "ok");

        var timer = meters.find("camel.route.policy").tag("routeId", "flow").tag("kind", "CamelRoute")
                .tag("eventType", "route").timer();
        assertNotNull(timer, meters.getMetersAsString());
        assertEquals(3, timer.count());
        assertEquals(3, count("camel.exchanges.total", "flow"));
        assertEquals(2, count("camel.exchanges.succeeded", "flow"));
        assertEquals(1, count("camel.exchanges.failed", "flow"));
        assertEquals(0, count("camel.exchanges.failures.handled", "flow"));
        assertEquals(0, count("camel.exchanges.external.redeliveries", "flow"));
        assertNull(meters.find("camel.route.policy").tag("routeId", "step").timer(), "a step is not timed again");
        assertNull(meters.find("camel.exchanges.total").tag("routeId", "other-step").counter(), "patterns match too");
    }

    @Test
    void aRemovedRouteTakesItsMetersWithIt() throws Exception {
        camel.createProducerTemplate().sendBody("direct:flow", "ok");
        camel.getRouteController().stopRoute("flow");
        assertTrue(camel.removeRoute("flow"));
        assertTrue(meters.find("camel.exchanges.total").tag("routeId", "flow").counters().isEmpty());
        assertNull(meters.find("camel.route.policy").tag("routeId", "flow").timer());
    }
}
