package routes.health;

import routes.kernel.AuthStrategy;
import routes.kernel.BackendSpec;
import routes.kernel.FailureCategory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The VirtualMCPServer status as ToolHive's vMCP pod reports it, built from the gateway's health:
 * a pure function, so every string the operator reads is pinned by a table test.
 * <p>
 * ToolHive's rules, which differ from Caravan's own /status phase on purpose (the operator reads
 * these): only backends with a probe answer count; routable = healthy + unauthenticated (ToolHive's
 * legacy count, also {@code backendCount}); no answers yet → Pending (Ready when no backend is
 * configured at all); all routable → Ready; none → Failed; otherwise Degraded. Statuses map
 * healthy→ready, degraded→degraded, unhealthy→unavailable, unauthenticated→unauthenticated,
 * unknown→unknown. Backend messages are ToolHive's generic categories, never a host or an error text.
 * <p>
 * {@code discoveredBackends[].url}: written, as ToolHive writes it, because the status is read by
 * cluster admins (who can read the entries' specs anyway), not by MCP clients; but without
 * userinfo, query or fragment, which may carry credentials. {@code authType} is the outgoing auth
 * strategy's name, left out for backends without credentials (ToolHive leaves it empty when a
 * backend has no auth config).
 */
public final class VirtualServerStatus {

    /** The condition types this report owns: replaced on every write, removed when absent. */
    public static final List<String> OWNED_CONDITIONS = List.of("Ready", "BackendsDiscovered", "Degraded");

    /**
     * One {@code discoveredBackends[]} item.
     *
     * @param url                 null when unknown
     * @param authType            null for a backend without credentials
     * @param lastHealthCheck     when its last probe ended
     * @param circuitLastChanged  null while its breaker never changed state
     */
    public record Backend(String name, String url, String status, String authType, Instant lastHealthCheck, String message,
                          String circuitBreakerState, Instant circuitLastChanged, int consecutiveFailures) {

        Backend withoutCheckTime() {
            return new Backend(name, url, status, authType, null, message, circuitBreakerState, circuitLastChanged,
                    consecutiveFailures);
        }
    }

    /** A status condition: type, "True"/"False", reason, message. */
    public record Condition(String type, String status, String reason, String message) {
    }

    /**
     * Everything the pod writes into the VirtualMCPServer status.
     *
     * @param phase        Pending, Ready, Degraded or Failed
     * @param backendCount routable backends (healthy + unauthenticated)
     */
    public record Report(String phase, String message, int backendCount, List<Backend> discoveredBackends,
                         List<Condition> conditions) {

        public Report {
            discoveredBackends = List.copyOf(discoveredBackends);
            conditions = List.copyOf(conditions);
        }

        /** The content that matters for "did it change": the same report with the probe times left out. */
        public Report withoutCheckTimes() {
            return new Report(phase, message, backendCount, discoveredBackends.stream().map(Backend::withoutCheckTime).toList(),
                    conditions);
        }
    }

    private record Summary(int total, int healthy, int degraded, int unhealthy, int unknown, int unauthenticated) {
        int routable() {
            return healthy + unauthenticated;
        }
    }

    private VirtualServerStatus() {
    }

    /**
     * @param snapshot every registered backend's health
     * @param specs    the registered backends by name (for URL and auth type)
     */
    public static Report of(HealthSnapshot snapshot, Map<String, BackendSpec> specs) {
        List<BackendHealth> answered = snapshot.backends().stream().filter(b -> b.lastProbe() != null).toList();
        int configured = snapshot.backends().size();
        Summary s = summarize(answered);
        String phase = phase(s, configured);
        List<Backend> backends = new ArrayList<>();
        for (BackendHealth b : answered) {
            BackendSpec spec = specs.get(b.name());
            backends.add(new Backend(b.name(), spec == null ? null : shownUrl(spec.url()), crdStatus(b.status()),
                    spec == null || !spec.auth().sendsCredentials() ? null : spec.auth().type(), b.lastProbe(), message(b),
                    circuitState(b), b.circuitChanged(), b.consecutiveFailures()));
        }
        return new Report(phase, statusMessage(s, phase, configured), s.routable(), backends, conditions(s, phase, configured));
    }

    /** ToolHive's CRD strings for a backend's health. */
    public static String crdStatus(HealthStatus status) {
        return switch (status) {
            case HEALTHY -> "ready";
            case DEGRADED -> "degraded";
            case UNHEALTHY -> "unavailable";
            case UNAUTHENTICATED -> "unauthenticated";
            case UNKNOWN -> "unknown";
        };
    }

    private static Summary summarize(List<BackendHealth> answered) {
        int healthy = 0;
        int degraded = 0;
        int unhealthy = 0;
        int unknown = 0;
        int unauthenticated = 0;
        for (BackendHealth b : answered) {
            switch (b.status()) {
                case HEALTHY -> healthy++;
                case DEGRADED -> degraded++;
                case UNHEALTHY -> unhealthy++;
                case UNKNOWN -> unknown++;
                case UNAUTHENTICATED -> unauthenticated++;
            }
        }
        return new Summary(answered.size(), healthy, degraded, unhealthy, unknown, unauthenticated);
    }

    private static String phase(Summary s, int configured) {
        if (s.total() == 0) {
            return configured == 0 ? "Ready" : "Pending";
        }
        if (s.routable() == s.total()) {
            return "Ready";
        }
        return s.routable() == 0 ? "Failed" : "Degraded";
    }

    private static String statusMessage(Summary s, String phase, int configured) {
        if (s.total() == 0) {
            return configured == 0 ? "Ready, no backends configured"
                    : "Waiting for initial health checks (" + configured + " backends configured)";
        }
        if (phase.equals("Ready")) {
            return readyText(s, "");
        }
        String details = s.degraded() + " degraded, " + s.unhealthy() + " unhealthy, " + s.unknown() + " unknown";
        if (phase.equals("Failed")) {
            return "No routable backends (" + details + ")";
        }
        return s.routable() + "/" + s.total() + " backends routable (" + details + ")";
    }

    /** "All 3 backends healthy" in the status message, "All 3 backends are healthy" in the Ready condition. */
    private static String readyText(Summary s, String verb) {
        if (s.unauthenticated() == 0) {
            return "All " + s.healthy() + " " + backends(s.healthy()) + " " + verb + "healthy";
        }
        String requires = s.unauthenticated() == 1 ? "requires" : "require";
        if (s.healthy() == 0) {
            String quantity = s.unauthenticated() == 1 ? "1 backend" : "All " + s.unauthenticated() + " backends";
            return quantity + " " + requires + " authentication";
        }
        return s.healthy() + " " + backends(s.healthy()) + " healthy, " + s.unauthenticated() + " " + requires + " authentication";
    }

    private static String backends(int n) {
        return n == 1 ? "backend" : "backends";
    }

    private static List<Condition> conditions(Summary s, String phase, int configured) {
        List<Condition> list = new ArrayList<>();
        list.add(switch (phase) {
            case "Ready" -> new Condition("Ready", "True", "AllBackendsRoutable",
                    s.total() == 0 ? "Ready, no backends configured" : readyText(s, "are "));
            case "Degraded" -> new Condition("Ready", "False", "SomeBackendsUnhealthy", s.routable() + "/" + s.total()
                    + " backends routable");
            case "Failed" -> new Condition("Ready", "False", "NoRoutableBackends", "No routable backends available");
            default -> new Condition("Ready", "False", "BackendsPending", "Waiting for initial health checks (" + configured
                    + " backends configured)");
        });
        list.add(new Condition("BackendsDiscovered", "True", "BackendsDiscovered",
                configured == 0 ? "No backends configured" : "Discovered " + configured + " backends"));
        if (s.degraded() > 0) {
            list.add(new Condition("Degraded", "True", "BackendsDegraded", s.degraded() + " backends degraded"));
        }
        return list;
    }

    /** ToolHive's generic per-backend message: a category, never the error itself. */
    private static String message(BackendHealth b) {
        String base;
        if (b.status() == HealthStatus.UNAUTHENTICATED) {
            base = "Authentication misconfigured (backend requires auth, none configured)";
        } else if (b.category() != FailureCategory.NONE && b.status() != HealthStatus.HEALTHY && b.status() != HealthStatus.DEGRADED) {
            String category = switch (b.category()) {
                case AUTH -> "Authentication failed";
                case TIMEOUT -> "Health check timed out";
                case CONNECTION, DNS, TLS -> "Connection failed";
                case UNAVAILABLE -> "Backend unavailable";
                default -> "Health check failed";
            };
            base = b.consecutiveFailures() > 1 ? category + " (failures: " + b.consecutiveFailures() + ")" : category;
        } else {
            base = switch (b.status()) {
                case HEALTHY -> "Healthy";
                case DEGRADED -> b.consecutiveFailures() > 0 ? "Recovering from " + b.consecutiveFailures() + " failures"
                        : "Degraded performance";
                case UNHEALTHY -> "Unhealthy";
                default -> "Unknown";
            };
        }
        return switch (b.circuitBreaker()) {
            case "open" -> "Circuit breaker OPEN - " + base;
            case "half-open" -> "Circuit breaker testing recovery - " + base;
            default -> base;
        };
    }

    /** ToolHive reports a breaker that is off as closed. */
    private static String circuitState(BackendHealth b) {
        return b.circuitBreaker().equals("disabled") ? "closed" : b.circuitBreaker();
    }

    /** The URL without userinfo, query and fragment, which may carry credentials. */
    static String shownUrl(URI url) {
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
