package routes.discovery;

import routes.config.BackendConfig;
import routes.config.GatewayConfig;
import routes.config.HeaderForwardConfig;
import routes.headers.HeaderRules;
import routes.kernel.AuthStrategy;
import routes.kernel.BackendSpec;
import routes.kernel.HeaderForward;
import routes.secrets.SecretRef;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the configured backends into the specs the registry routes to, joining each backend's
 * headers from every source (the config file's headerForward, ToolHive's env manifest) and its
 * outgoing auth, and checking all of them by one set of rules. A backend with a restricted or
 * malformed header, or a header set twice, is rejected with a reason naming it and the header;
 * it is not routed to, and every other backend is unaffected.
 */
public final class BackendAssembler {

    /**
     * @param specs    the backends to route to, in config order
     * @param rejected backend name → why it is not routed to (no header values in it)
     */
    public record Result(List<BackendSpec> specs, Map<String, String> rejected) {
    }

    private BackendAssembler() {
    }

    /**
     * @param fromEnvironment headers from ToolHive's {@code TOOLHIVE_HEADER_FORWARD_<N>} manifests,
     *                        by backend name, with the variable name for messages
     */
    public static Result assemble(GatewayConfig config, Map<String, EnvHeaders> fromEnvironment) {
        return assemble(config.backends(), name -> config.outgoingAuth().strategyFor(name), config::timeoutFor, fromEnvironment);
    }

    /**
     * The same for backends from any source.
     *
     * @param auth    each backend's outgoing auth, by name
     * @param timeout each backend's request timeout, by name
     */
    public static Result assemble(List<BackendConfig> backends, Function<String, AuthStrategy> auth,
                                  Function<String, Duration> timeout, Map<String, EnvHeaders> fromEnvironment) {
        List<BackendSpec> specs = new ArrayList<>();
        Map<String, String> rejected = new LinkedHashMap<>();
        for (BackendConfig b : backends) {
            Headers headers = new Headers();
            HeaderForwardConfig file = b.headerForward();
            file.addPlaintextHeaders().forEach((name, value) -> headers.literal(name, value, "headerForward.addPlaintextHeaders"));
            file.addHeadersFromSecret().forEach(h -> headers.secret(h.headerName(), h.valueSecretRef(), "headerForward.addHeadersFromSecret"));
            EnvHeaders env = fromEnvironment.get(b.name());
            if (env != null) {
                env.headers().plaintext().forEach((name, value) -> headers.literal(name, value, env.variable()));
                env.headers().fromSecret().forEach((name, ref) -> headers.secret(name, ref, env.variable()));
            }
            AuthStrategy strategy = auth.apply(b.name());
            if (strategy instanceof AuthStrategy.HeaderInjection h) {
                headers.checkName(h.headerName(), "outgoingAuth header_injection");
                if (h.literal() != null) {
                    headers.checkValue(h.headerName(), h.literal(), "outgoingAuth header_injection");
                }
            }
            if (headers.problems.isEmpty()) {
                specs.add(new BackendSpec(b.name(), b.url(), b.transport(), b.caBundlePath(), timeout.apply(b.name()),
                        new HeaderForward(headers.plaintext, headers.fromSecret), strategy, b.caBundleData()));
            } else {
                rejected.put(b.name(), String.join("; ", headers.problems));
            }
        }
        return new Result(List.copyOf(specs), rejected);
    }

    /** One backend's headers from ToolHive's env contract, and the variable they came from. */
    public record EnvHeaders(String variable, HeaderForward headers) {
    }

    /** Collects one backend's headers, and what is wrong with them. */
    private static final class Headers {
        final Map<String, String> plaintext = new LinkedHashMap<>();
        final Map<String, SecretRef> fromSecret = new LinkedHashMap<>();
        final Map<String, String> sourceByLowerName = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();

        void literal(String name, String value, String source) {
            if (add(name, source)) {
                plaintext.put(name, value);
            }
            checkValue(name, value, source);
        }

        void secret(String name, SecretRef ref, String source) {
            if (add(name, source)) {
                fromSecret.put(name, ref);
            }
        }

        private boolean add(String name, String source) {
            if (!checkName(name, source)) {
                return false;
            }
            String previous = sourceByLowerName.putIfAbsent(name.toLowerCase(Locale.ROOT), source);
            if (previous != null) {
                problems.add("header '" + name + "' is set twice (" + previous + " and " + source
                        + "; names are case-insensitive); set it once");
                return false;
            }
            return true;
        }

        boolean checkName(String name, String source) {
            String problem = HeaderRules.nameProblem(name);
            if (problem != null) {
                problems.add(problem + " (" + source + ")");
                return false;
            }
            return true;
        }

        void checkValue(String name, String value, String source) {
            String problem = HeaderRules.valueProblem(value);
            if (problem != null) {
                problems.add("header '" + name + "': " + problem + " (" + source + ")");
            }
        }
    }
}
