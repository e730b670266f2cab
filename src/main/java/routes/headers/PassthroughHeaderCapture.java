package routes.headers;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import routes.kernel.PassthroughHeaders;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Front-door step after incoming-auth: copies the client request headers named in
 * {@code passthroughHeaders} into the exchange property {@link PassthroughHeaders#PROPERTY}, for
 * the header-forward step of every backend call this request makes. The names were validated at
 * load (never Authorization, Cookie or a restricted header); a value with a line break or control
 * character is not passed on. With no names configured it does nothing.
 */
public final class PassthroughHeaderCapture implements Processor {

    private volatile List<String> names = List.of();

    /** The allow-list of the config in force (replaced when the config is reloaded). */
    public void names(List<String> allowed) {
        this.names = List.copyOf(allowed);
    }

    @Override
    public void process(Exchange exchange) {
        List<String> allowed = names;
        if (allowed.isEmpty()) {
            return;
        }
        Message in = exchange.getMessage();
        Map<String, String> captured = null;
        for (String name : allowed) {
            // Camel's header map ignores case, as HTTP does
            Object v = in.getHeader(name);
            String value = v instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                    : v == null ? null : v.toString();
            if (value == null || HeaderRules.valueProblem(value) != null) {
                continue;
            }
            if (captured == null) {
                captured = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            }
            captured.put(name, value);
        }
        if (captured != null) {
            exchange.setProperty(PassthroughHeaders.PROPERTY, captured);
        }
    }
}
